import { isAbsolute, resolve } from 'node:path'
import type { ReplayTiming } from '../exchange/pacing.js'
import type { IgnoreRules } from '../match/ignore.js'
import type { Mode } from '../mode.js'
import type { RedactRules } from '../safety/redaction.js'
import { readConfigFile } from './config-file.js'
import { checkHosts, checkOptions, type CassettesOptions } from './options.js'

export type { CassettesOptions } from './options.js'

export const DIR_ENV_VAR = 'LLM_CASSETTES_DIR'
export const DEFAULT_DIR = 'cassettes'
export const REPORT_ENV_VAR = 'LLM_CASSETTES_REPORT'
export const FETCH_HOSTS_ENV_VAR = 'LLM_CASSETTES_FETCH_HOSTS'

/** What a runner's main process hands each worker (plain JSON), or what a worker resolves for itself. */
export interface RunnerSettings {
  root: string
  /** Absolute path of the cassette dir. */
  dir: string
  mode?: Mode
  redact?: RedactRules
  allowedSecrets?: string[]
  normalizeIds?: boolean
  ignore?: IgnoreRules
  replayTiming?: ReplayTiming
  /** Present (false) only when a failing test must write nothing. */
  saveOnFailure?: false
  /** Absolute path of the CI summary JSON. */
  report?: string
  /** The hosts `llm-cassettes/auto-fetch` covers, when not the default ones. */
  fetchHosts?: string[]
}

/** `LLM_CASSETTES_FETCH_HOSTS=api.openai.com,localhost:8080`, checked. */
export function fetchHostsFromEnv(env: NodeJS.ProcessEnv = process.env): string[] | undefined {
  const value = env[FETCH_HOSTS_ENV_VAR]
  if (!value) return undefined
  const hosts = value
    .split(',')
    .map((host) => host.trim())
    .filter((host) => host !== '')
  return checkHosts(hosts, FETCH_HOSTS_ENV_VAR, 'the environment')
}

/**
 * The settings of a project: its config file (see config-file.ts), overridden key by key by `options` (the
 * Vitest plugin's, checked as coming from `source`), then by the environment (`LLM_CASSETTES_DIR`,
 * `LLM_CASSETTES_REPORT`). `LLM_CASSETTES_MODE` is read per test: it only applies where no `mode` is set.
 */
export function resolveSettings(root: string, options: unknown = {}, env: NodeJS.ProcessEnv = process.env, source = 'cassettes()'): RunnerSettings {
  const merged: CassettesOptions = { ...readConfigFile(root)?.options, ...checkOptions(options, source) }
  const dir = env[DIR_ENV_VAR] || merged.dir || DEFAULT_DIR
  const settings: RunnerSettings = { root, dir: isAbsolute(dir) ? dir : resolve(root, dir) }
  if (merged.mode !== undefined) settings.mode = merged.mode
  if (merged.redact !== undefined) settings.redact = merged.redact
  if (merged.allowedSecrets !== undefined) settings.allowedSecrets = [...merged.allowedSecrets]
  if (merged.normalizeIds) settings.normalizeIds = true
  if (merged.ignore !== undefined) settings.ignore = merged.ignore
  if (merged.replayTiming !== undefined) settings.replayTiming = merged.replayTiming
  if (merged.saveOnFailure === false) settings.saveOnFailure = false
  const fetchHosts = fetchHostsFromEnv(env) ?? merged.fetchHosts
  if (fetchHosts) settings.fetchHosts = [...fetchHosts]
  const report = env[REPORT_ENV_VAR] || merged.report
  if (report) settings.report = isAbsolute(report) ? report : resolve(root, report)
  return settings
}
