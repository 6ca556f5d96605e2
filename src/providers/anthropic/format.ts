import { typed, untyped } from '../../cassette/typed-value.js'
import { SSE_EVENT_TYPE, sseEventChunk, sseEventOf, sseText } from '../../exchange/raw-bodies.js'
import type { WireFormat } from '../../cassette/wire-format.js'
import { isObject } from '../../util/is-object.js'
import { tryParseJson } from '../../util/parse-json.js'
import { anthropicErrorType, BODY_TYPES, EVENT_TYPES, TOKENS_COUNT_TYPE } from './python-types.js'

/** An object's Python class, from its `type` field (`message`, `model`, `message_batch`, …). */
function typedByType(value: unknown, classes: Readonly<Record<string, string>>): unknown {
  return isObject(value) && typeof value['type'] === 'string' ? typed(classes[value['type']], value) : value
}

function encodeBody(endpoint: string, body: unknown): unknown {
  if (endpoint === '/v1/messages/count_tokens') return typed(TOKENS_COUNT_TYPE, body)
  // A page (`models.list`, `messages.batches.list`): the page stays plain, its items carry their class.
  if (isObject(body) && Array.isArray(body['data']) && 'has_more' in body) {
    return { ...body, data: body['data'].map((item) => typedByType(item, BODY_TYPES)) }
  }
  return typedByType(body, BODY_TYPES)
}

function decodeBody(_endpoint: string, stored: unknown): unknown {
  if (isObject(stored) && Array.isArray(stored['data']) && 'has_more' in stored) return { ...stored, data: stored['data'].map(untyped) }
  return untyped(stored)
}

/** Usage of a message, or of the message a `message_start` event carries. */
function tokensOf(value: unknown): number | undefined {
  const data = untyped(value)
  if (!isObject(data)) return undefined
  const usage = isObject(data['usage']) ? data['usage'] : isObject(data['message']) ? data['message']['usage'] : undefined
  if (!isObject(usage)) return undefined
  const counts = ['input_tokens', 'output_tokens'].map((key) => usage[key]).filter((count): count is number => typeof count === 'number')
  return counts.length === 0 ? undefined : counts.reduce((sum, count) => sum + count, 0)
}

/**
 * Anthropic's Messages API (`/v1/messages`, models, batches): bodies typed as the Python `anthropic` SDK's
 * classes; every streamed event is sent as `event: <type>` with the same `type` in its data, which is how it
 * is replayed. An event framed otherwise (no `event:` line, an `id:`) is kept with its framing.
 */
export const anthropicFormat: WireFormat = {
  name: 'anthropic',
  encodeBody,
  decodeBody,
  encodeEvent(_endpoint, event) {
    const json = tryParseJson(event.data)
    if (!isObject(json) || json['type'] !== event.event || event.id !== undefined) return { chunk: sseEventChunk(event) }
    return { chunk: typedByType(json, EVENT_TYPES) }
  },
  chunkProblem(_endpoint, chunk) {
    if (isObject(chunk) && chunk['__type__'] === SSE_EVENT_TYPE) {
      if (sseEventOf(chunk) === undefined) return 'must hold the event\'s `data` text (an llm_cassettes.ServerSentEvent)'
      const data = chunk['__data__'] as Record<string, unknown>
      for (const field of ['event', 'id'] as const) {
        if (data[field] !== undefined && (typeof data[field] !== 'string' || /[\r\n]/.test(data[field] as string))) {
          return `must have a one-line string as its \`${field}\``
        }
      }
      return undefined
    }
    const data = untyped(chunk)
    return isObject(data) && typeof data['type'] === 'string' && !/[\r\n]/.test(data['type'])
      ? undefined
      : 'must be an event object with a one-line string `type` (a streamed event\'s JSON data)'
  },
  eventText(_endpoint, chunk) {
    const framed = sseEventOf(chunk)
    if (framed) return sseText(framed)
    const data = untyped(chunk)
    return sseText({ event: isObject(data) ? String(data['type']) : 'message', data: JSON.stringify(data) })
  },
  streamEnd: () => '',
  encodeError(status, text, json) {
    // As the Python SDK keeps it: the whole body, `{"type": "error", "error": {...}}`.
    return { type: anthropicErrorType(status), message: `Error code: ${status} - ${text}`, status_code: status, body: json ?? text }
  },
  errorBody: (exception) => (typeof exception.body === 'string' ? exception.body : JSON.stringify(exception.body)),
  tokensOf,
}
