import type { ServedProvider } from './upstreams.js'

/** What went wrong, in terms every provider has a word for. */
export type ErrorKind = 'invalid_request' | 'authentication' | 'permission' | 'not_found' | 'upstream'

const OPENAI_TYPES: Record<ErrorKind, string> = {
  invalid_request: 'invalid_request_error',
  authentication: 'invalid_request_error',
  permission: 'invalid_request_error',
  not_found: 'invalid_request_error',
  upstream: 'api_error',
}
const ANTHROPIC_TYPES: Record<ErrorKind, string> = {
  invalid_request: 'invalid_request_error',
  authentication: 'authentication_error',
  permission: 'permission_error',
  not_found: 'not_found_error',
  upstream: 'api_error',
}
const GOOGLE_STATUSES: Record<ErrorKind, string> = {
  invalid_request: 'INVALID_ARGUMENT',
  authentication: 'UNAUTHENTICATED',
  permission: 'PERMISSION_DENIED',
  not_found: 'NOT_FOUND',
  upstream: 'UNAVAILABLE',
}

export interface ErrorReply {
  status: number
  headers: Record<string, string>
  body: string
}

/**
 * An error as the provider's own API words it, so its SDK raises its usual error class with `message` in it:
 * OpenAI `{ error: { message, type, param, code } }`, Anthropic `{ type: 'error', error: { type, message } }`,
 * Gemini `{ error: { code, message, status } }`; other paths get OpenAI's shape, the most common one.
 * `x-should-retry: false` stops the Stainless SDKs (openai, @anthropic-ai/sdk) from retrying it.
 */
export function errorReply(provider: ServedProvider, status: number, kind: ErrorKind, message: string, code: string | null = null): ErrorReply {
  let body: unknown
  if (provider === 'anthropic') body = { type: 'error', error: { type: ANTHROPIC_TYPES[kind], message } }
  else if (provider === 'google') body = { error: { code: status, message, status: GOOGLE_STATUSES[kind] } }
  else body = { error: { message, type: OPENAI_TYPES[kind], param: null, code } }
  return { status, headers: { 'content-type': 'application/json', 'x-should-retry': 'false' }, body: JSON.stringify(body) }
}
