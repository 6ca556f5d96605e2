import { stableJson } from '../cassette/stable-json.js'
import type { RecordedRequest } from '../cassette/types.js'
import { KEY_SHAPED_QUERY_PARAM } from '../safety/redaction.js'

/**
 * What a request is matched on: method, API path, query, the stored request headers (only those an adapter keeps
 * because they change the API's answer, e.g. `anthropic-beta`; usually none) and body. The host never counts.
 */
export interface CanonicalRequest {
  method: string
  /** From the API root, e.g. `/v1/chat/completions`. */
  endpoint: string
  /** Sorted `a=1&b=2`, or ''; credentials (`key=`, `api-key=`, …) are not part of it. */
  query: string
  /** Lower-case names; `{}` for most requests. */
  headers: Record<string, string>
  body: unknown
  key: string
}

/** The query as matched: sorted, without the parameters that carry a credential (`?key=` for Gemini, `api-key=`). */
function sortedQuery(search: string): string {
  const params = new URLSearchParams(search)
  for (const name of new Set(params.keys())) if (KEY_SHAPED_QUERY_PARAM.test(name)) params.delete(name)
  params.sort()
  return params.toString()
}

export function canonicalRequest(method: string, endpoint: string, search: string, body: unknown, headers: Record<string, string> = {}): CanonicalRequest {
  const upper = method.toUpperCase()
  const query = sortedQuery(search)
  const normalBody = body === undefined || body === null ? {} : body
  // Without stored headers the key is what it always was, so older cassettes match as before.
  const headerPart = Object.keys(headers).length > 0 ? ` ${stableJson(headers)}` : ''
  const key = `${upper} ${endpoint}${query ? `?${query}` : ''}${headerPart} ${stableJson(normalBody)}`
  return { method: upper, endpoint, query, headers, body: normalBody, key }
}

function searchOf(url: string): string {
  try {
    return new URL(url).search
  } catch {
    return ''
  }
}

export function canonicalFromRecorded(request: RecordedRequest): CanonicalRequest {
  const headers = typeof request.headers === 'object' && request.headers !== null ? request.headers : {}
  return canonicalRequest(request.method, request.endpoint, searchOf(request.url), request.body, headers)
}
