import { CassetteError } from '../errors.js'
import type { RecordedRequest } from '../cassette/types.js'
import { canonicalFromRecorded, type CanonicalRequest } from '../match/canonical.js'
import type { Redactor } from '../safety/redaction.js'

/** A request the SDK is about to send, as the cassette sees it. */
export interface OutgoingRequest {
  canonical: CanonicalRequest
  recorded: RecordedRequest
  /** The caller's abort signal, honoured in replay as fetch would. */
  signal: AbortSignal | undefined
}

export function urlOf(input: string | URL | Request): string {
  if (typeof input === 'string') return input
  if (input instanceof URL) return input.href
  return input.url
}

/** The API path from the API root: `baseURL` + `/chat/completions` is `/v1/chat/completions` for any baseURL. */
export function endpointOf(url: URL, baseURL: string): string {
  let base: URL
  try {
    base = new URL(baseURL)
  } catch {
    return url.pathname
  }
  const basePath = base.pathname.replace(/\/+$/, '')
  const path = url.pathname
  if (url.origin === base.origin && (path === basePath || path.startsWith(`${basePath}/`))) {
    return `/v1${path.slice(basePath.length)}`
  }
  return path
}

function parseBody(body: unknown, method: string, endpoint: string): unknown {
  if (body === undefined || body === null) return {}
  if (typeof body === 'string') {
    try {
      return JSON.parse(body)
    } catch {
      return body
    }
  }
  throw new CassetteError(
    `${method} ${endpoint} sends a ${Object.prototype.toString.call(body)} body (e.g. a file upload), ` +
      'which llm-cassettes cannot record yet. Use LLM_CASSETTES_MODE=live for this test.',
    { code: 'ERR_CASSETTE_UNSUPPORTED' },
  )
}

/** The request as stored and as matched: both come from the one redacted copy, so they cannot drift apart. */
export function readOutgoingRequest(
  input: string | URL | Request,
  init: RequestInit | undefined,
  baseURL: string,
  redactor: Redactor,
): OutgoingRequest {
  const href = urlOf(input)
  const url = new URL(href)
  const method = (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase()
  const endpoint = endpointOf(url, baseURL)
  const body = parseBody(init?.body, method, endpoint)
  const model = typeof body === 'object' && body !== null && 'model' in body ? String(body.model) : ''
  const recorded = redactor.request({ method, url: href, headers: {}, body, endpoint, model })
  return { canonical: canonicalFromRecorded(recorded), recorded, signal: init?.signal ?? undefined }
}
