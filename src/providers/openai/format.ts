import { untyped } from '../../cassette/typed-value.js'
import { sseEventChunk, sseEventOf, sseText } from '../../exchange/raw-bodies.js'
import type { WireFormat } from '../../cassette/wire-format.js'
import { isObject } from '../../util/is-object.js'
import { tryParseJson } from '../../util/parse-json.js'
import { errorTypeFor } from './error-types.js'
import { decodeBody, encodeBody, encodeChunk, typeEndpoint } from './python-types.js'

/** Responses-API streams name each event after its `type`; Chat and Completions streams send bare `data:` lines. */
const namesEvents = (endpoint: string) => typeEndpoint(endpoint) === '/v1/responses'

/** `usage.total_tokens` of one response object; Responses stream events carry it on `response.usage`. */
function totalTokens(value: unknown): number | undefined {
  const data = untyped(value)
  if (!isObject(data)) return undefined
  const usage = isObject(data['usage']) ? data['usage'] : isObject(data['response']) ? data['response']['usage'] : undefined
  return isObject(usage) && typeof usage['total_tokens'] === 'number' ? usage['total_tokens'] : undefined
}

/** The OpenAI API (and every OpenAI-compatible server): bodies typed as the Python `openai` SDK's classes. */
export const openaiFormat: WireFormat = {
  name: 'openai',
  encodeBody,
  decodeBody,
  encodeEvent(endpoint, event) {
    if (event.data === '[DONE]' && event.event === undefined && event.id === undefined) return undefined
    const json = tryParseJson(event.data)
    // Replay writes an event's name from its `type` (Responses) or none (Chat, Completions), and no id: an event
    // framed otherwise (some OpenAI-compatible servers name or number their events) is kept with its framing.
    const name = namesEvents(endpoint) && isObject(json) && 'type' in json ? String(json['type']) : undefined
    if (event.id !== undefined || event.event !== name) return { chunk: sseEventChunk(event) }
    return { chunk: json === undefined ? event.data : encodeChunk(endpoint, json) }
  },
  // What the recorder stores for an event is its JSON data, typed or plain; a stream of anything else never
  // replays as the SDK's own chunks.
  chunkProblem: (_endpoint, chunk) => (isObject(untyped(chunk)) ? undefined : "must be an object (a streamed event's JSON data)"),
  eventText(endpoint, chunk) {
    const framed = sseEventOf(chunk)
    if (framed) return sseText(framed)
    const data = untyped(chunk)
    const text = typeof data === 'string' ? data : JSON.stringify(data)
    const type = namesEvents(endpoint) && isObject(data) && 'type' in data ? String(data['type']) : undefined
    return sseText({ data: text, ...(type === undefined ? {} : { event: type }) })
  },
  streamEnd: (endpoint) => (namesEvents(endpoint) ? '' : 'data: [DONE]\n\n'),
  encodeError(status, text, json) {
    // As the Python SDK keeps it: the `error` member of an `{"error": …}` body.
    const body = isObject(json) && 'error' in json ? json['error'] : (json ?? text)
    return { type: errorTypeFor(status), message: `Error code: ${status} - ${text}`, status_code: status, body }
  },
  errorBody: (exception) => JSON.stringify({ error: exception.body }),
  tokensOf: totalTokens,
  volatileFields: {
    // Chat and Completions ids, tool calls' `call_…`, the Responses API's `resp_…`/`msg_…`/`fc_…` items and their stream events' `item_id`.
    idKeys: ['id', 'call_id', 'item_id'],
    timeKeys: [
      'created',
      'created_at',
      'completed_at',
      'expires_at',
      'in_progress_at',
      'finalizing_at',
      'failed_at',
      'cancelling_at',
      'cancelled_at',
      'expired_at',
    ],
    constantKeys: { system_fingerprint: 'fp_rec' },
    // llama.cpp's llama-server adds how long the prompt and the reply took.
    measurementKeys: ['timings'],
  },
}
