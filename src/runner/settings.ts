import { isAbsolute, resolve } from 'node:path'
import { CassetteError } from '../errors.js'
import { parseMode, type Mode } from '../mode.js'
import { createRedactor, type RedactRules } from '../safety/redaction.js'

/** Options of the runner integrations (`cassettes()` for Vitest). */
export interface CassettesOptions {
  /** Where cassettes live, relative to the project root. Default `cassettes`; `LLM_CASSETTES_DIR` overrides. */
  dir?: string
  /** Force a mode instead of following the runner (`-u`, CI). `LLM_CASSETTES_MODE` is read when this is unset. */
  mode?: Mode
  /**
   * Redaction for every wrapped client: response header names, query parameter names, JSON paths in bodies.
   * These travel to the test workers as JSON; a redact function goes to `wrapOpenAI(client, { redact })`.
   */
  redact?: RedactRules
  /** Exact strings that look like keys but are not, so the secret guard lets them through. */
  allowedSecrets?: readonly string[]
  /**
   * Quiet diffs, as llama-stack's newer recorder: response ids are written as `rec-<hash12>` (from the request)
   * and `created` as 0. The test still sees the live values while recording. Default false.
   */
  normalizeIds?: boolean
  /** A test that fails still saves what it recorded (those calls cost money). Default true. */
  saveOnFailure?: boolean
  /** Also write the run's summary as JSON to this file (relative to the project root). `LLM_CASSETTES_REPORT` overrides. */
  report?: string
}

export const DIR_ENV_VAR = 'LLM_CASSETTES_DIR'
export const DEFAULT_DIR = 'cassettes'

/** What the main process hands each worker. Plain JSON. */
export interface RunnerSettings {
  root: string
  dir: string
  mode?: Mode
  redact?: RedactRules
  allowedSecrets?: string[]
  normalizeIds?: boolean
  /** Present (false) only when a failing test must write nothing. */
  saveOnFailure?: false
  /** Absolute path of the CI summary JSON. */
  report?: string
}

export const REPORT_ENV_VAR = 'LLM_CASSETTES_REPORT'

function optionError(message: string): CassetteError {
  return new CassetteError(`cassettes(): ${message}`, { code: 'ERR_CASSETTE_OPTION' })
}

function stringList(value: unknown, name: string): string[] {
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
    throw optionError(`\`${name}\` must be a list of strings, got ${JSON.stringify(value) ?? typeof value}`)
  }
  return [...value]
}

function checkRedactRules(value: unknown): RedactRules {
  if (typeof value === 'function') {
    throw optionError('`redact` takes header names, query parameter names and JSON paths here; pass a function to `wrapOpenAI(client, { redact })`.')
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw optionError('`redact` must be an object like { headers: [...], query: [...], paths: [...] }')
  }
  const rules: RedactRules = {}
  for (const [key, list] of Object.entries(value)) {
    if (key !== 'headers' && key !== 'query' && key !== 'paths') {
      throw optionError(`\`redact.${key}\` is not an option; use \`headers\`, \`query\` or \`paths\``)
    }
    rules[key] = stringList(list, `redact.${key}`)
  }
  createRedactor([rules]) // a bad JSON path fails now, in the main process, naming the path
  return rules
}

export function resolveSettings(root: string, options: CassettesOptions, env: NodeJS.ProcessEnv): RunnerSettings {
  if (options.mode !== undefined) parseMode(options.mode, 'The `mode` option of cassettes()')
  const dir = env[DIR_ENV_VAR] || options.dir || DEFAULT_DIR
  const settings: RunnerSettings = { root, dir: isAbsolute(dir) ? dir : resolve(root, dir) }
  if (options.mode !== undefined) settings.mode = options.mode
  if (options.redact !== undefined) settings.redact = checkRedactRules(options.redact)
  if (options.allowedSecrets !== undefined) settings.allowedSecrets = stringList(options.allowedSecrets, 'allowedSecrets')
  if (options.normalizeIds) settings.normalizeIds = true
  if (options.saveOnFailure === false) settings.saveOnFailure = false
  const report = env[REPORT_ENV_VAR] || options.report
  if (report) settings.report = isAbsolute(report) ? report : resolve(root, report)
  return settings
}
