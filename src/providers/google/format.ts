import { typed, untyped } from '../../cassette/typed-value.js'
import type { WireFormat } from '../../cassette/wire-format.js'
import { sseEventChunk, sseEventOf, sseText } from '../../exchange/raw-bodies.js'
import { isObject } from '../../util/is-object.js'
import { tryParseJson } from '../../util/parse-json.js'
import { BODY_TYPES, GENERATE_CONTENT_RESPONSE, googleErrorType } from './python-types.js'

/** `generateContent` from `/v1beta/models/gemini-2.5-flash:generateContent`. */
const methodOf = (endpoint: string) => /:(\w+)$/.exec(endpoint)?.[1] ?? ''

/** A response of the method's class; an `{"error": …}` body or an unexpected value stays plain. */
function typedResponse(type: string | undefined, value: unknown): unknown {
  return isObject(value) && !('error' in value) ? typed(type, value) : value
}

function encodeBody(endpoint: string, body: unknown): unknown {
  const method = methodOf(endpoint)
  // `:streamGenerateContent` without `?alt=sse` sends the whole stream as one JSON array.
  if (method === 'streamGenerateContent' && Array.isArray(body)) return body.map((item) => typedResponse(GENERATE_CONTENT_RESPONSE, item))
  return typedResponse(BODY_TYPES[method], body)
}

function decodeBody(_endpoint: string, stored: unknown): unknown {
  return Array.isArray(stored) ? stored.map(untyped) : untyped(stored)
}

/** `usageMetadata.totalTokenCount` of a response or stream chunk (the last chunk carries the whole call's). */
function tokensOf(value: unknown): number | undefined {
  const data = untyped(value)
  const usage = isObject(data) ? data['usageMetadata'] : undefined
  return isObject(usage) && typeof usage['totalTokenCount'] === 'number' ? usage['totalTokenCount'] : undefined
}

/**
 * Google's Gemini API (`models/{model}:generateContent`, `:streamGenerateContent?alt=sse`, embeddings): bodies
 * typed as the Python `google-genai` SDK's classes. A stream is `data:` events only (no event names, no end
 * marker: it ends when the connection closes), each a `GenerateContentResponse`, separated by CRLF as the API
 * sends them. An event framed otherwise (a name, an id) or that is not JSON is kept with its framing.
 */
export const googleFormat: WireFormat = {
  name: 'google',
  encodeBody,
  decodeBody,
  encodeEvent(_endpoint, event) {
    const json = tryParseJson(event.data)
    if (!isObject(json) || event.event !== undefined || event.id !== undefined) return { chunk: sseEventChunk(event) }
    return { chunk: typedResponse(GENERATE_CONTENT_RESPONSE, json) }
  },
  eventText(_endpoint, chunk) {
    const framed = sseEventOf(chunk)
    if (framed) return sseText(framed)
    return `data: ${JSON.stringify(untyped(chunk))}\r\n\r\n`
  },
  streamEnd: () => '',
  encodeError(status, text, json) {
    // The whole body, `{"error": {"code", "message", "status", "details"}}`, as the Python SDK's `APIError.details` keeps it.
    return { type: googleErrorType(status), message: `${status} ${text}`, status_code: status, body: json ?? text }
  },
  errorBody: (exception) => (typeof exception.body === 'string' ? exception.body : JSON.stringify(exception.body)),
  tokensOf,
}
