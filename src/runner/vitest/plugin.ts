import { fileURLToPath } from 'node:url'
import { resolve } from 'node:path'
import type { Vitest } from 'vitest/node'
import { MODE_ENV_VAR, parseMode } from '../../mode.js'
import { resolveSettings, type CassettesOptions, type RunnerSettings } from '../../settings/resolve.js'
import { CassetteReporter } from './cassette-reporter.js'
import { SETTINGS_KEY } from './settings-key.js'

export type { CassettesOptions } from '../../settings/resolve.js'
export { MODE_ENV_VAR } from '../../mode.js'

const SETUP_FILE = fileURLToPath(new URL('./vitest-setup.js', import.meta.url))

/** A Vite plugin, typed structurally so this package needs no types from `vite`. */
export interface CassettesPlugin {
  name: 'llm-cassettes'
  config(config: { root?: string }): { test: { setupFiles: string[]; provide: Record<string, unknown> } }
  /** Typed loosely so the published types do not pull in Vite's (which need @types/node). */
  configureVitest(context: { vitest: object }): void
}

/** One reporter per Vitest instance, however many projects use the plugin. */
const withReporter = new WeakSet<Vitest>()

/**
 * The Vitest plugin: `defineConfig({ plugins: [cassettes()] })`. It adds a setup file that gives every test
 * its own cassette and picks the mode from Vitest's snapshot state (`-u` updates what no longer matches, CI replays), and a reporter
 * that prints the run's cassette summary and reports obsolete cassettes.
 */
export function cassettes(options: CassettesOptions = {}): CassettesPlugin {
  let settings: RunnerSettings | undefined
  return {
    name: 'llm-cassettes',
    config(config) {
      const envMode = process.env[MODE_ENV_VAR]
      if (envMode) parseMode(envMode, MODE_ENV_VAR)
      settings = resolveSettings(resolve(config.root ?? process.cwd()), options, process.env)
      return { test: { setupFiles: [SETUP_FILE], provide: { [SETTINGS_KEY]: settings } } }
    },
    configureVitest(context) {
      const vitest = context.vitest as Vitest
      if (!settings || withReporter.has(vitest)) return
      withReporter.add(vitest)
      // Vitest builds its reporters from the resolved list after this hook, and that list already holds the
      // user's reporters or the default: adding ours keeps them.
      vitest.config.reporters.push(new CassetteReporter(vitest, settings))
    },
  }
}
