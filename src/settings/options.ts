import { CassetteError } from '../errors.js'
import { checkReplayTiming, type ReplayTiming } from '../exchange/pacing.js'
import { checkIgnoreRules, type IgnoreRules } from '../match/ignore.js'
import { parseMode, type Mode } from '../mode.js'
import { createRedactor, type RedactRules } from '../safety/redaction.js'
import { isObject } from '../util/is-object.js'

/**
 * The settings of every runner integration and of the CLI: in `llm-cassettes.config.json` (or another config
 * file, see config-file.ts), and for Vitest also as `cassettes(options)`, which override the file's.
 */
export interface CassettesOptions {
  /** Where cassettes live, relative to the project root. Default `cassettes`; `LLM_CASSETTES_DIR` overrides. */
  dir?: string
  /** Force a mode instead of following the runner (`-u`, CI). `LLM_CASSETTES_MODE` is read when this is unset. */
  mode?: Mode
  /**
   * Redaction for every wrapped client: response header names, query parameter names, JSON paths in bodies.
   * Plain data (it travels to the test workers as JSON); a redact function goes to `wrapOpenAI(client, { redact })`.
   */
  redact?: RedactRules
  /** Exact strings that look like keys but are not, so the secret guard lets them through. */
  allowedSecrets?: readonly string[]
  /**
   * Quiet re-records: the values a server makes up on every call are written as stable stand-ins (ids as
   * `rec-<hash12>…`, the same id the same way in later requests; clock readings 0; `system_fingerprint` and
   * llama.cpp `timings` constant; chunk arrival times dropped unless the test replays with its recorded timing).
   * The test still sees the live values while recording. Default false.
   */
  normalizeIds?: boolean
  /**
   * What matching leaves out: JSON paths in the request body and query parameters; the built-in volatile values
   * (ISO-8601 timestamps and dates, UUIDs, ids from earlier replayed responses) are left out unless
   * `volatile: false`. A client's `ignore` adds to this.
   */
  ignore?: IgnoreRules
  /** How replayed streams are paced: 'instant' (default), 'recorded', or a speed factor. `useReplayTiming()` sets it per test. */
  replayTiming?: ReplayTiming
  /** A test that fails still saves what it recorded (those calls cost money). Default true. */
  saveOnFailure?: boolean
  /** Also write the run's summary as JSON to this file (relative to the project root). `LLM_CASSETTES_REPORT` overrides. */
  report?: string
  /**
   * The hosts whose calls `llm-cassettes/auto-fetch` records and replays (`api.openai.com`, `localhost:8080`,
   * `*.openai.azure.com`), instead of the well-known LLM API hosts. `LLM_CASSETTES_FETCH_HOSTS` (comma-separated)
   * overrides.
   */
  fetchHosts?: readonly string[]
}

const OPTION_NAMES = ['dir', 'mode', 'redact', 'allowedSecrets', 'normalizeIds', 'ignore', 'replayTiming', 'saveOnFailure', 'report', 'fetchHosts'] as const

/** An option that is wrong, named with where it was set (`cassettes()`, or the config file's path). */
export function optionError(source: string, message: string): CassetteError {
  return new CassetteError(`${source}: ${message}`, { code: 'ERR_CASSETTE_OPTION' })
}

function stringList(value: unknown, name: string, source: string): string[] {
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
    throw optionError(source, `\`${name}\` must be a list of strings, got ${JSON.stringify(value) ?? typeof value}`)
  }
  return [...value]
}

/** Host names, optionally with a port, `*` standing for any characters: `api.openai.com`, `localhost:8080`, `*.openai.azure.com`. */
const HOST = /^[A-Za-z0-9*]([A-Za-z0-9*.-]*[A-Za-z0-9*])?(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/

export function checkHosts(hosts: string[], name: string, source: string): string[] {
  for (const host of hosts) {
    if (!HOST.test(host)) {
      throw optionError(
        source,
        `\`${name}\` holds ${JSON.stringify(host)}, which is not a host; give names like "api.openai.com", "localhost:8080" or "*.openai.azure.com" (no scheme, no path)`,
      )
    }
  }
  return hosts
}

function checkRedactRules(value: unknown, source: string): RedactRules {
  if (typeof value === 'function') {
    throw optionError(source, '`redact` takes header names, query parameter names and JSON paths here; pass a function to `wrapOpenAI(client, { redact })`.')
  }
  if (!isObject(value)) throw optionError(source, '`redact` must be an object like { headers: [...], query: [...], paths: [...] }')
  const rules: RedactRules = {}
  for (const [key, list] of Object.entries(value)) {
    if (key !== 'headers' && key !== 'query' && key !== 'paths') {
      throw optionError(source, `\`redact.${key}\` is not an option; use \`headers\`, \`query\` or \`paths\``)
    }
    rules[key] = stringList(list, `redact.${key}`, source)
  }
  createRedactor([rules]) // a bad JSON path fails now, in the main process, naming the path
  return rules
}

function checkType(value: unknown, type: 'string' | 'boolean', name: string, source: string): void {
  if (value !== undefined && typeof value !== type) {
    throw optionError(source, `\`${name}\` must be a ${type}, got ${JSON.stringify(value) ?? typeof value}`)
  }
}

/** Checks options from `source` (`cassettes()`, or a config file's path): every problem names the option and where it was set. */
export function checkOptions(value: unknown, source: string): CassettesOptions {
  if (value === undefined) return {}
  if (!isObject(value)) throw optionError(source, `the options must be an object like { dir: "cassettes" }, got ${JSON.stringify(value) ?? typeof value}`)
  for (const key of Object.keys(value)) {
    if (!(OPTION_NAMES as readonly string[]).includes(key)) {
      throw optionError(source, `\`${key}\` is not an option; the options are ${OPTION_NAMES.join(', ')}`)
    }
  }
  const options = { ...value } as CassettesOptions
  checkType(value['dir'], 'string', 'dir', source)
  checkType(value['report'], 'string', 'report', source)
  checkType(value['normalizeIds'], 'boolean', 'normalizeIds', source)
  checkType(value['saveOnFailure'], 'boolean', 'saveOnFailure', source)
  if (value['mode'] !== undefined) options.mode = parseMode(value['mode'] as string, `\`mode\` in ${source}`)
  if (value['redact'] !== undefined) options.redact = checkRedactRules(value['redact'], source)
  if (value['allowedSecrets'] !== undefined) options.allowedSecrets = stringList(value['allowedSecrets'], 'allowedSecrets', source)
  if (value['ignore'] !== undefined) options.ignore = checkIgnoreRules(value['ignore'], source)
  if (value['replayTiming'] !== undefined) options.replayTiming = checkReplayTiming(value['replayTiming'], source)
  if (value['fetchHosts'] !== undefined) options.fetchHosts = checkHosts(stringList(value['fetchHosts'], 'fetchHosts', source), 'fetchHosts', source)
  return options
}
