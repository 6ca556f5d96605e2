import { CassetteError } from '../errors.js'
import { parseJsonPath, type PathStep } from '../safety/json-path.js'
import { isObject } from '../util/is-object.js'

/** Built-in kinds of values that are only volatile, each on by default. */
export interface VolatileValues {
  /** ISO-8601 timestamps and dates (`2026-11-30`, `2026-11-30T12:00:00Z`), also inside longer strings. */
  timestamps?: boolean
  /** UUIDs, also inside longer strings. */
  uuids?: boolean
  /** Ids the test received from an earlier replayed response (a `tool_call_id` quoting the previous turn's `call_…`). */
  ids?: boolean
}

/**
 * What matching leaves out of a request. Plain data: `cassettes({ ignore })`, the config file and
 * `wrapOpenAI(client, { ignore })` take it; a client's rules add to the runner's. The stored request keeps every
 * value, and a miss names what was ignored.
 */
export interface IgnoreRules {
  /** JSON paths in the request body, as a miss names them: `body.metadata.trace_id`, `body.messages[*].name` (`request.body.…` works too). */
  paths?: readonly string[]
  /** Query parameter names (any case). */
  query?: readonly string[]
  /** The built-in volatile values: all on by default; `false` turns them all off, an object picks. */
  volatile?: boolean | VolatileValues
}

/** Ignore rules, compiled. */
export interface MatchRules {
  paths: readonly { text: string; steps: PathStep[] }[]
  query: ReadonlySet<string>
  timestamps: boolean
  uuids: boolean
  ids: boolean
}

export const DEFAULT_MATCH_RULES: MatchRules = { paths: [], query: new Set(), timestamps: true, uuids: true, ids: true }

function ignoreError(message: string): CassetteError {
  return new CassetteError(message, { code: 'ERR_CASSETTE_OPTION' })
}

function bodySteps(path: string): PathStep[] {
  let steps: PathStep[]
  try {
    steps = parseJsonPath(path)
  } catch {
    throw ignoreError(`ignore path ${JSON.stringify(path)} is not a JSON path. Use e.g. "body.metadata.trace_id" or "body.messages[*].name".`)
  }
  const [first, second, ...rest] = steps
  if (first === 'body' && steps.length > 1) return steps.slice(1)
  if (first === 'request' && second === 'body' && rest.length > 0) return rest
  throw ignoreError(`ignore path ${JSON.stringify(path)} must start with "body." (a path in the request body), e.g. "body.metadata.trace_id".`)
}

function volatileChoice(value: IgnoreRules['volatile'], current: MatchRules): Pick<MatchRules, 'timestamps' | 'uuids' | 'ids'> {
  const { timestamps, uuids, ids } = current
  if (value === undefined) return { timestamps, uuids, ids }
  if (typeof value === 'boolean') return { timestamps: value, uuids: value, ids: value }
  return { timestamps: value.timestamps ?? timestamps, uuids: value.uuids ?? uuids, ids: value.ids ?? ids }
}

/** One set of rules from the runner's and then the client's: paths and query names add up, a later `volatile` choice wins. */
export function compileMatchRules(options: readonly (IgnoreRules | undefined)[]): MatchRules {
  let rules: MatchRules = DEFAULT_MATCH_RULES
  for (const option of options) {
    if (option === undefined) continue
    rules = {
      paths: [...rules.paths, ...(option.paths ?? []).map((text) => ({ text, steps: bodySteps(text) }))],
      query: new Set([...rules.query, ...(option.query ?? []).map((name) => name.toLowerCase())]),
      ...volatileChoice(option.volatile, rules),
    }
  }
  return rules
}

const fail = (source: string, message: string) => ignoreError(`${source}: ${message}`)

function stringList(value: unknown, name: string, source: string): string[] {
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
    throw fail(source, `\`${name}\` must be a list of strings, got ${JSON.stringify(value) ?? typeof value}`)
  }
  return [...value]
}

/** Checks `ignore` as given in `source` (`cassettes()`, a config file, `wrapOpenAI`): every problem names the key. */
export function checkIgnoreRules(value: unknown, source: string): IgnoreRules {
  if (!isObject(value)) throw fail(source, '`ignore` must be an object like { paths: ["body.metadata.trace_id"], query: ["ts"], volatile: true }')
  const rules: IgnoreRules = {}
  for (const [key, inner] of Object.entries(value)) {
    if (key === 'paths' || key === 'query') rules[key] = stringList(inner, `ignore.${key}`, source)
    else if (key === 'volatile') {
      if (typeof inner === 'boolean') rules.volatile = inner
      else if (isObject(inner) && Object.entries(inner).every(([kind, on]) => ['timestamps', 'uuids', 'ids'].includes(kind) && typeof on === 'boolean')) {
        rules.volatile = inner as VolatileValues
      } else {
        throw fail(source, '`ignore.volatile` must be true, false or an object like { timestamps: false } (keys timestamps, uuids, ids)')
      }
    } else throw fail(source, `\`ignore.${key}\` is not an option; use \`paths\`, \`query\` or \`volatile\``)
  }
  compileMatchRules([rules]) // a bad path fails here, naming it
  return rules
}
