import { fileURLToPath } from 'node:url'
import { resolve } from 'node:path'
import { MODE_ENV_VAR, parseMode } from '../../mode.js'
import { resolveSettings, type CassettesOptions } from '../settings.js'
import { SETTINGS_KEY } from './settings-key.js'

export type { CassettesOptions } from '../settings.js'
export { MODE_ENV_VAR } from '../../mode.js'

const SETUP_FILE = fileURLToPath(new URL('./vitest-setup.js', import.meta.url))

/**
 * The Vitest plugin: `defineConfig({ plugins: [cassettes()] })`. It adds a setup file that gives every test
 * its own cassette and picks the mode from Vitest's snapshot state (`-u` records, CI replays).
 */
/** A Vite plugin, typed structurally so this package needs no types from `vite`. */
export interface CassettesPlugin {
  name: 'llm-cassettes'
  config(config: { root?: string }): { test: { setupFiles: string[]; provide: Record<string, unknown> } }
}

export function cassettes(options: CassettesOptions = {}): CassettesPlugin {
  return {
    name: 'llm-cassettes',
    config(config) {
      const envMode = process.env[MODE_ENV_VAR]
      if (envMode) parseMode(envMode, MODE_ENV_VAR)
      const settings = resolveSettings(resolve(config.root ?? process.cwd()), options, process.env)
      return { test: { setupFiles: [SETUP_FILE], provide: { [SETTINGS_KEY]: settings } } }
    },
  }
}
