import { apiError, invalidRequest } from './shared.js'
import type { Reply } from './types.js'

const SERVER_ERROR = 'The server had an error while processing your request.'

export const RATE_LIMITED: Reply = {
  status: 429,
  headers: { 'retry-after-ms': '10' },
  body: apiError('Rate limit reached for requests', 'requests', null, 'rate_limit_exceeded'),
}
export const SERVER_ERROR_BODY = apiError(SERVER_ERROR, 'server_error', null, null)
const RETRYABLE_SERVER_ERROR: Reply = {
  status: 500,
  headers: { 'x-should-retry': 'true', 'retry-after-ms': '10' },
  body: SERVER_ERROR_BODY,
}
const MODEL_ERRORS: Record<string, Reply> = {
  'error-400': { status: 400, body: invalidRequest('Invalid model', 'model') },
  'error-429': RATE_LIMITED,
  'error-500': { status: 500, body: SERVER_ERROR_BODY },
}
/** Models whose first request fails and whose identical retry succeeds. */
const FLAKY: Record<string, Reply> = { 'flaky-429': RATE_LIMITED, 'flaky-500': RETRYABLE_SERVER_ERROR }

export function modelError(model: string, hash: string, flakySeen: Set<string>): Reply | undefined {
  const flaky = FLAKY[model]
  if (!flaky) return MODEL_ERRORS[model]
  if (flakySeen.has(hash)) return undefined
  flakySeen.add(hash)
  return flaky
}
