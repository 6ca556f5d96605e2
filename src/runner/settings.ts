import { isAbsolute, resolve } from 'node:path'
import { parseMode, type Mode } from '../mode.js'

/** Options of the runner integrations (`cassettes()` for Vitest). */
export interface CassettesOptions {
  /** Where cassettes live, relative to the project root. Default `cassettes`; `LLM_CASSETTES_DIR` overrides. */
  dir?: string
  /** Force a mode instead of following the runner (`-u`, CI). `LLM_CASSETTES_MODE` is read when this is unset. */
  mode?: Mode
  /**
   * Quiet diffs, as llama-stack's newer recorder: response ids are written as `rec-<hash12>` (from the request)
   * and `created` as 0. The test still sees the live values while recording. Default false.
   */
  normalizeIds?: boolean
}

export const DIR_ENV_VAR = 'LLM_CASSETTES_DIR'
export const DEFAULT_DIR = 'cassettes'

/** What the main process hands each worker. Plain JSON. */
export interface RunnerSettings {
  root: string
  dir: string
  mode?: Mode
  normalizeIds?: boolean
}

export function resolveSettings(root: string, options: CassettesOptions, env: NodeJS.ProcessEnv): RunnerSettings {
  if (options.mode !== undefined) parseMode(options.mode, 'The `mode` option of cassettes()')
  const dir = env[DIR_ENV_VAR] || options.dir || DEFAULT_DIR
  const settings: RunnerSettings = { root, dir: isAbsolute(dir) ? dir : resolve(root, dir) }
  if (options.mode !== undefined) settings.mode = options.mode
  if (options.normalizeIds) settings.normalizeIds = true
  return settings
}
