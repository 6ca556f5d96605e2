import stableStringify from 'json-stable-stringify'
import type { RecordedRequest } from '../cassette/types.js'

/** What a request is matched on: method, API path, query and body. Headers and host never count. */
export interface CanonicalRequest {
  method: string
  /** From the API root, e.g. `/v1/chat/completions`. */
  endpoint: string
  /** Sorted `a=1&b=2`, or ''. */
  query: string
  body: unknown
  key: string
}

function sortedQuery(search: string): string {
  const params = new URLSearchParams(search)
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
