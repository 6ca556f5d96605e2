import type { RunnerSettings } from '../settings.js'

export const SETTINGS_KEY = 'llmCassettes'

declare module 'vitest' {
  interface ProvidedContext {
    llmCassettes: RunnerSettings
  }
}
