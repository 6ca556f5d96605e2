import { errorBody } from './shared.js'
import type { Reply } from './types.js'

/** Models whose every call fails, as the API fails. */
function modelErrors(requestId: string): Record<string, Reply> {
  return {
    'error-400': { status: 400, body: errorBody('invalid_request_error', 'max_tokens: Field required', requestId) },
    // @anthropic-ai/sdk 1.x picks a subclass of BadRequestError from `error.details.error_code`.
    'error-400-code': {
      status: 400,
      body: errorBody('invalid_request_error', 'Image dimensions exceed the maximum', requestId, { details: { error_code: 'image_dimensions_too_large' } }),
    },
    'error-401': { status: 401, body: errorBody('authentication_error', 'invalid x-api-key', requestId) },
    'error-429': {
      status: 429,
      headers: { 'retry-after': '1' },
      body: errorBody('rate_limit_error', 'Number of requests has exceeded your rate limit', requestId),
    },
    'error-500': { status: 500, body: errorBody('api_error', 'Internal server error', requestId) },
    'error-529': { status: 529, body: errorBody('overloaded_error', 'Overloaded', requestId) },
  }
}

/** Models whose first request fails and whose identical retry succeeds; the failure asks for a wait of 1 s. */
const FLAKY: Record<string, string> = { 'flaky-429': 'error-429', 'flaky-529': 'error-529' }

export function modelError(model: string, hash: string, flakySeen: Set<string>, requestId: string): Reply | undefined {
  const errors = modelErrors(requestId)
  const flaky = FLAKY[model]
  if (!flaky) return errors[model]
  if (flakySeen.has(hash)) return undefined
  flakySeen.add(hash)
  const reply = errors[flaky]!
  return { ...reply, headers: { ...reply.headers, 'retry-after': '1' } }
}
