/**
 * Response headers worth keeping: the SDKs read them (request ids: OpenAI's `x-request-id`, Anthropic's
 * `request-id` and `anthropic-workspace-id`; retry hints). Nothing else is stored.
 */
export const RESPONSE_HEADER_ALLOW_LIST = ['x-request-id', 'request-id', 'anthropic-workspace-id', 'retry-after', 'retry-after-ms', 'x-should-retry'] as const

export function allowedHeaders(headers: Headers): Record<string, string> | undefined {
  const kept: Record<string, string> = {}
  for (const name of RESPONSE_HEADER_ALLOW_LIST) {
    const value = headers.get(name)
    if (value !== null) kept[name] = value
  }
  return Object.keys(kept).length > 0 ? kept : undefined
}

export function isEventStream(headers: Headers): boolean {
  return (headers.get('content-type') ?? '').toLowerCase().startsWith('text/event-stream')
}

export function isJson(headers: Headers): boolean {
  const mediaType = (headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase()
  // Exactly JSON: `application/jsonl` (one value per line) is not one JSON body.
  return mediaType === 'application/json' || mediaType.endsWith('+json')
}

/** Media types of newline-delimited JSON streams (Ollama's `application/x-ndjson`, JSON Lines). */
const NDJSON_TYPES = ['application/x-ndjson', 'application/ndjson', 'application/jsonl', 'application/x-jsonlines', 'application/jsonlines']

/** The media type of a newline-delimited JSON body, or undefined for any other. */
export function ndjsonType(headers: Headers): string | undefined {
  const mediaType = (headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase()
  return NDJSON_TYPES.includes(mediaType) ? mediaType : undefined
}
