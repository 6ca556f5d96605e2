import stableStringify from 'json-stable-stringify'
import { replaceAtPath } from '../safety/json-path.js'
import { isObject } from '../util/is-object.js'
import type { CanonicalRequest } from './canonical.js'
import type { MatchRules } from './ignore.js'

/** A part of a request that matching left out, and why: shown by a miss so that nothing is silently fuzzy. */
export interface IgnoredField {
  /** As a miss names fields: `body.messages[0].content`, `query.ts`, `endpoint`. */
  path: string
  why: string
}

/** A request as it is matched: ignored values replaced by markers, the key built from that. */
export interface MaskedRequest extends CanonicalRequest {
  ignored: IgnoredField[]
}

export const IGNORED = '<ignored>'
const TIMESTAMP_MARK = '<timestamp>'
const UUID_MARK = '<uuid>'

/** ISO-8601 dates and date-times (`2026-11-30`, `2026-11-30T12:00:05.123Z`, `2026-11-30 12:00+01:00`). */
const TIMESTAMP =
  /\b\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])(?:[T ](?:[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:[.,]\d+)?)?(?:Z|[+-](?:[01]\d|2[0-3]):?[0-5]\d)?)?(?![\d:])/g
const UUID = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi
/** Cheap test on the whole key: most requests hold no date or UUID and skip the walk. */
const MAYBE_VOLATILE = /\d{4}-\d\d-\d\d|[0-9a-f]{8}-[0-9a-f]{4}-/i

export function formatPath(path: readonly (string | number)[]): string {
  return path.map((part) => (typeof part === 'number' ? `[${part}]` : /^[A-Za-z_$][\w$]*$/.test(part) ? `.${part}` : `[${JSON.stringify(part)}]`)).join('')
}

/** `text` with its timestamps and UUIDs (those the rules cover) replaced by markers, and what kinds it had. */
function maskText(text: string, rules: MatchRules): { text: string; kinds: string[] } {
  const kinds: string[] = []
  let masked = text
  if (rules.timestamps && TIMESTAMP.test(masked)) {
    masked = masked.replace(TIMESTAMP, TIMESTAMP_MARK)
    kinds.push('a timestamp')
  }
  TIMESTAMP.lastIndex = 0
  if (rules.uuids && UUID.test(masked)) {
    masked = masked.replace(UUID, UUID_MARK)
    kinds.push('a UUID')
  }
  UUID.lastIndex = 0
  return { text: masked, kinds }
}

function maskStrings(value: unknown, rules: MatchRules, path: (string | number)[], ignored: IgnoredField[]): unknown {
  if (typeof value === 'string') {
    const { text, kinds } = maskText(value, rules)
    if (kinds.length > 0) ignored.push({ path: `body${formatPath(path)}`, why: kinds.join(' and ') })
    return text
  }
  if (Array.isArray(value)) return value.map((item, index) => maskStrings(item, rules, [...path, index], ignored))
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, maskStrings(inner, rules, [...path, key], ignored)]))
  return value
}

function maskQuery(query: string, rules: MatchRules, ignored: IgnoredField[]): string {
  if (query === '') return query
  const params = new URLSearchParams(query)
  const masked = new URLSearchParams()
  for (const [name, value] of params) {
    if (rules.query.has(name.toLowerCase())) {
      masked.append(name, IGNORED)
      ignored.push({ path: `query.${name}`, why: 'ignore.query' })
      continue
    }
    const { text, kinds } = maskText(value, rules)
    if (kinds.length > 0) ignored.push({ path: `query.${name}`, why: kinds.join(' and ') })
    masked.append(name, text)
  }
  return masked.toString()
}

/**
 * The request as matching sees it under `rules`: `ignore.paths` and `ignore.query` values replaced by
 * `<ignored>`, timestamps and UUIDs (anywhere in a string) by `<timestamp>` and `<uuid>`. A request with none of
 * these keeps its canonical key, so cassettes recorded before the rules existed match as they did.
 */
export function maskRequest(request: CanonicalRequest, rules: MatchRules): MaskedRequest {
  const volatile = (rules.timestamps || rules.uuids) && MAYBE_VOLATILE.test(request.key)
  if (!volatile && rules.paths.length === 0 && rules.query.size === 0) return { ...request, ignored: [] }
  const ignored: IgnoredField[] = []
  let body = structuredClone(request.body)
  for (const { text, steps } of rules.paths) {
    const holder = { body }
    replaceAtPath(holder, ['body', ...steps], (_old, where) => {
      ignored.push({ path: `body${formatPath(where.slice(1))}`, why: `ignore.paths ${JSON.stringify(text)}` })
      return IGNORED
    })
    body = holder.body
  }
  if (volatile) body = maskStrings(body, rules, [], ignored)
  const query = maskQuery(request.query, rules, ignored)
  let { endpoint } = request
  if (volatile) {
    const masked = maskText(endpoint, rules)
    if (masked.kinds.length > 0) ignored.push({ path: 'endpoint', why: masked.kinds.join(' and ') })
    endpoint = masked.text
  }
  // Built as canonicalRequest builds its key, so that a request with nothing masked keys the same.
  const headerPart = Object.keys(request.headers).length > 0 ? ` ${stableStringify(request.headers)}` : ''
  const key = `${request.method} ${endpoint}${query ? `?${query}` : ''}${headerPart} ${stableStringify(body)}`
  return { method: request.method, endpoint, query, headers: request.headers, body, key, ignored }
}
