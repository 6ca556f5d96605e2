/** A `fetch(input, init)` call in one shape: the URL as a string, and an init that holds everything to send. */
export interface FetchCall {
  url: string
  init: RequestInit
  /** The request's headers, for reading (the init keeps the caller's own form). */
  headers: Headers
}

function isRequest(input: unknown): input is Request {
  return (
    input instanceof Request ||
    (typeof input === 'object' && input !== null && typeof (input as Request).url === 'string' && typeof (input as Request).clone === 'function')
  )
}

/** Headers in any form `fetch` takes; in a plain object an unset header may be null or undefined (some SDKs pass that). */
export function readableHeaders(headers: HeadersInit | undefined): Headers {
  if (headers instanceof Headers || Array.isArray(headers)) return new Headers(headers)
  const entries = Object.entries(headers ?? {}).filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== null)
  return new Headers(entries.map(([name, value]): [string, string] => [name, String(value)]))
}

/**
 * `fetch`'s arguments in the one shape the cassette reads: a `Request` (or a URL and init) becomes a URL string
 * and an init whose body, if any, is the request's own (read once later). Options outside the standard, such as
 * undici's `dispatcher` that @google/genai passes, stay in the init and reach the real fetch.
 */
export function fetchCall(input: RequestInfo | URL, init: RequestInit | undefined): FetchCall {
  if (!isRequest(input)) {
    const url = input instanceof URL ? input.href : String(input)
    return { url, init: init ?? {}, headers: readableHeaders(init?.headers) }
  }
  // `new Request(request, init)` is how fetch itself merges the two.
  const merged = init === undefined ? input : new Request(input, init)
  const own: RequestInit = {
    method: merged.method,
    headers: merged.headers,
    signal: merged.signal,
    redirect: merged.redirect,
    ...(merged.body ? { body: merged.body, duplex: 'half' } : {}),
  }
  const { method: _method, headers: _headers, body: _body, signal: _signal, redirect: _redirect, ...rest } = init ?? {}
  return { url: merged.url, init: { ...rest, ...own }, headers: new Headers(merged.headers) }
}
