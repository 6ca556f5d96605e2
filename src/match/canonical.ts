import stableStringify from 'json-stable-stringify'
import type { RecordedRequest } from '../cassette/types.js'
import { KEY_SHAPED_QUERY_PARAM } from '../safety/redaction.js'

/** What a request is matched on: method, API path, query and body. Headers and host never count. */
export interface CanonicalRequest {
  method: string
  /** From the API root, e.g. `/v1/chat/completions`. */
  endpoint: string
  /** Sorted `a=1&b=2`, or ''; credentials (`key=`, `api-key=`, …) are not part of it. */
  query: string
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

export function canonicalRequest(method: string, endpoint: string, search: string, body: unknown): CanonicalRequest {
  const upper = method.toUpperCase()
  const query = sortedQuery(search)
  const normalBody = body === undefined || body === null ? {} : body
  const key = `${upper} ${endpoint}${query ? `?${query}` : ''} ${stableStringify(normalBody)}`
  return { method: upper, endpoint, query, body: normalBody, key }
}

function searchOf(url: string): string {
  try {
    return new URL(url).search
  } catch {
    return ''
  }
}

export function canonicalFromRecorded(request: RecordedRequest): CanonicalRequest {
  return canonicalRequest(request.method, request.endpoint, searchOf(request.url), request.body)
}
