import { isTypedValue } from '../cassette/typed-value.js'
import type { RecordedRequest, RecordedResponse } from '../cassette/types.js'
import { CassetteError } from '../errors.js'
import type { WireFormat } from '../cassette/wire-format.js'
import { tryParseJson } from '../util/parse-json.js'
import { parseJsonPath, replaceAtPath, type PathStep } from './json-path.js'

/** What replaces a redacted value in a cassette (and in the request that is matched against it). */
export const REDACTED = '[REDACTED]'

/** Serialisable redaction rules: usable in `cassettes({ redact })` and `wrapOpenAI(client, { redact })`. */
export interface RedactRules {
  /** Response header names (any case) whose values are stored as `[REDACTED]`. Request headers are never stored. */
  headers?: readonly string[]
  /** Query parameter names (any case) whose values are replaced in the stored URL and when matching. */
  query?: readonly string[]
  /**
   * JSON paths from `request.body` or `response.body`, e.g. `request.body.user`,
   * `response.body.choices[*].message.content`. A response path applies to the JSON body the API sent, to
   * each chunk of a stream and to an error's body. `*` matches every key or index.
   */
  paths?: readonly string[]
}

/** What a redact function sees: the request before it is matched or recorded, later the whole interaction. */
export interface RedactTarget {
  request: RecordedRequest
  /** Absent when the request alone is being redacted, before it is matched. */
  response?: RecordedResponse
}

/**
 * Changes the values it wants hidden, in place, on a copy. It is called on the request before matching and
 * again on the whole interaction before it is stored, so it must give the same result when run twice.
 */
export type RedactFunction = (interaction: RedactTarget) => void

export type RedactOption = RedactRules | RedactFunction

/** Always applied, before any rules of the user's. */
export const DEFAULT_REDACT_HEADERS = [
  'authorization',
  'proxy-authorization',
  'api-key',
  'x-api-key',
  'openai-organization',
  'openai-project',
  'cookie',
  'set-cookie',
] as const

const CREDENTIAL_HEADER = /(^authorization$|^proxy-authorization$|^cookie$|key|token|secret)/i
const isCredentialHeader = (name: string): boolean => CREDENTIAL_HEADER.test(name) || (DEFAULT_REDACT_HEADERS as readonly string[]).includes(name.toLowerCase())

/** Query parameters whose name looks like a credential: `api-key`, `apikey`, `access_token`, `sig`, ... */
export const KEY_SHAPED_QUERY_PARAM = /(key|token|secret|passw(or)?d|signature|credentials?|^sig|^auth|authorization)$/i

export interface Redactor {
  /** A redacted copy of the request: what is both stored and matched. */
  request(request: RecordedRequest): RecordedRequest
  /** A redacted copy of the response for the cassette; what the caller received live is untouched. */
  response(response: RecordedResponse, request: RecordedRequest, format: WireFormat): RecordedResponse
}

interface CompiledRules {
  headers: Set<string>
  query: Set<string>
  requestPaths: PathStep[][]
  responsePaths: PathStep[][]
  functions: RedactFunction[]
}

function compile(options: readonly (RedactOption | undefined)[]): CompiledRules {
  const rules: CompiledRules = {
    headers: new Set(DEFAULT_REDACT_HEADERS),
    query: new Set(),
    requestPaths: [],
    responsePaths: [],
    functions: [],
  }
  for (const option of options) {
    if (option === undefined) continue
    if (typeof option === 'function') {
      rules.functions.push(option)
      continue
    }
    for (const name of option.headers ?? []) rules.headers.add(name.toLowerCase())
    for (const name of option.query ?? []) rules.query.add(name.toLowerCase())
    for (const path of option.paths ?? []) {
      const [part, body, ...rest] = parseJsonPath(path)
      if ((part !== 'request' && part !== 'response') || body !== 'body' || rest.length === 0) {
        throw new CassetteError(`redact path ${JSON.stringify(path)} must start with "request.body." or "response.body.", e.g. "request.body.user".`, {
          code: 'ERR_CASSETTE_OPTION',
        })
      }
      ;(part === 'request' ? rules.requestPaths : rules.responsePaths).push(rest)
    }
  }
  return rules
}

function redactUrl(href: string, names: ReadonlySet<string>): string {
  let url: URL
  try {
    url = new URL(href)
  } catch {
    return href
  }
  let changed = false
  for (const name of new Set(url.searchParams.keys())) {
    if (!names.has(name.toLowerCase()) && !KEY_SHAPED_QUERY_PARAM.test(name)) continue
    url.searchParams.set(name, REDACTED)
    changed = true
  }
  return changed ? url.href : href
}

function redactJson(value: unknown, paths: readonly PathStep[][]): void {
  for (const steps of paths) replaceAtPath(value, steps, () => REDACTED)
}

/** Applies paths to the JSON the API sent: through `__type__` wrappers, the model list, each chunk. */
function redactResponseBody(response: RecordedResponse, endpoint: string, paths: readonly PathStep[][], format: WireFormat): void {
  if (paths.length === 0) return
  if (response.is_exception && response.exception_data) {
    // The body as the API sent it, re-encoded once redacted, so the stored message (which quotes the body) is too.
    const exception = response.exception_data
    const text = format.errorBody(exception)
    const wire = tryParseJson(text)
    if (wire === undefined) return
    redactJson(wire, paths)
    response.exception_data = { ...exception, ...format.encodeError(exception.status_code, JSON.stringify(wire), wire) }
    return
  }
  if (response.is_streaming && Array.isArray(response.body)) {
    for (const chunk of response.body) redactJson(isTypedValue(chunk) ? chunk.__data__ : chunk, paths)
    return
  }
  const wire = format.decodeBody(endpoint, response.body)
  redactJson(wire, paths)
  response.body = format.encodeBody(endpoint, wire)
}

/** One redactor from the built-in defaults plus any number of option sets (runner's, then client's). */
export function createRedactor(options: readonly (RedactOption | undefined)[]): Redactor {
  const rules = compile(options)
  return {
    request(original) {
      // Headers and URL are replaced, not changed in place: only body paths and functions need a deep copy.
      const request = rules.requestPaths.length > 0 || rules.functions.length > 0 ? structuredClone(original) : { ...original }
      // Only the headers an adapter matches on (`anthropic-beta`) are here; a credential never is.
      request.headers = Object.fromEntries(Object.entries(request.headers ?? {}).filter(([name]) => !isCredentialHeader(name)))
      request.url = redactUrl(request.url, rules.query)
      redactJson(
        { body: request.body },
        rules.requestPaths.map((steps) => ['body', ...steps]),
      )
      for (const redact of rules.functions) redact({ request })
      return request
    },
    response(original, request, format) {
      const response = structuredClone(original)
      if (response.headers) {
        for (const name of Object.keys(response.headers)) {
          if (rules.headers.has(name.toLowerCase())) response.headers[name] = REDACTED
        }
      }
      redactResponseBody(response, request.endpoint, rules.responsePaths, format)
      const target: RedactTarget = { request: structuredClone(request), response }
      for (const redact of rules.functions) redact(target)
      return target.response ?? response
    },
  }
}
