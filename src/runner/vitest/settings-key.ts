import type { RunnerSettings } from '../../settings/resolve.js'

export const SETTINGS_KEY = 'llmCassettes' as const

declare module 'vitest' {
  interface ProvidedContext {
    llmCassettes: RunnerSettings
  }
}
