/** `POST /v1/chat/completions (model gpt-4o-mini)`: how every message names a request. */
export function requestLabel(request: { method: string; endpoint: string; model?: unknown }): string {
  const model = typeof request.model === 'string' && request.model !== '' ? ` (model ${request.model})` : ''
  return `${request.method} ${request.endpoint}${model}`
}
