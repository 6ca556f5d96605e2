import { typed, untyped } from '../../cassette/typed-value.js'
import { SSE_EVENT_TYPE, sseEventChunk, sseEventOf, sseText } from '../../exchange/raw-bodies.js'
import type { RecordedException } from '../../cassette/types.js'
import type { WireFormat } from '../../cassette/wire-format.js'
import { isObject } from '../../util/is-object.js'
import { tryParseJson } from '../../util/parse-json.js'
import { ANTHROPIC_BETA_TYPES, ANTHROPIC_TYPES, anthropicErrorType, type AnthropicTypes } from './python-types.js'
import { loadOnUse } from '../../util/load-on-use.js'

const COUNT_TOKENS = /^\/v1\/messages\/count_tokens$/
/** The results file of a message batch: its `results_url`, which may be on another host. */
const BATCH_RESULTS = /^\/v1\/messages\/batches\/[^/]+\/results$/

/** An object's Python class, from its `type` field (`message`, `model`, `message_batch`, …). */
function typedByType(value: unknown, classes: Readonly<Record<string, string>>): unknown {
  return isObject(value) && typeof value['type'] === 'string' ? typed(classes[value['type']], value) : value
}

/** A page (`models.list`, `messages.batches.list`): `{data, has_more, first_id, last_id}`. */
function isPage(body: unknown): body is Record<string, unknown> & { data: unknown[] } {
  return isObject(body) && Array.isArray(body['data']) && 'has_more' in body
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
 * The error body as the API sent it. The SDK puts the body's JSON text in the error's message, so its key order
 * shows: the text kept in the recorded message is used when it still says what the stored body says (a cassette
 * stores the body with sorted keys; a redacted or edited body is sent as it is stored).
 */
function errorBody(exception: RecordedException): string {
  const prefix = `Error code: ${exception.status_code} - `
  const sent = typeof exception.message === 'string' && exception.message.startsWith(prefix) ? exception.message.slice(prefix.length) : undefined
  // node:util (~1 ms to load, with its parseArgs and MIME parts) only for a replayed error.
  const { isDeepStrictEqual } = loadOnUse('node:util') as typeof import('node:util')
  if (sent !== undefined && isDeepStrictEqual(tryParseJson(sent) ?? sent, exception.body)) return sent
  return typeof exception.body === 'string' ? exception.body : JSON.stringify(exception.body)
}

function anthropicWireFormat(types: AnthropicTypes): WireFormat {
  return {
    name: 'anthropic',
    encodeBody(endpoint, body) {
      if (COUNT_TOKENS.test(endpoint)) return typed(types.tokensCount, body)
      if (BATCH_RESULTS.test(endpoint)) return typed(types.batchResult, body)
      // The page stays plain (the Python SDK's pages are not models); its items carry their class.
      if (isPage(body)) return { ...body, data: body.data.map((item) => typedByType(item, types.bodies)) }
      return typedByType(body, types.bodies)
    },
    decodeBody(_endpoint, stored) {
      return isPage(stored) ? { ...stored, data: stored.data.map(untyped) } : untyped(stored)
    },
    encodeEvent(_endpoint, event) {
      const json = tryParseJson(event.data)
      // A `ping` (a keep-alive no SDK yields) is kept, as plain JSON: code that reads the stream itself (wrapFetch,
      // `asResponse()`) gets the same events back; the SDK adapter's fast path skips it as the SDKs do.
      // An `error` event is kept as sent: the SDK throws it with its data text in the message, so the text must
      // replay byte for byte (a cassette stores objects with sorted keys). Likewise any event framed otherwise.
      if (!isObject(json) || json['type'] !== event.event || event.id !== undefined || event.event === 'error') {
        return { chunk: sseEventChunk(event) }
      }
      return { chunk: typedByType(json, types.events) }
    },
    chunkProblem(_endpoint, chunk) {
      if (isObject(chunk) && chunk['__type__'] === SSE_EVENT_TYPE) {
        if (sseEventOf(chunk) === undefined) return "must hold the event's `data` text (an llm_cassettes.ServerSentEvent)"
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
        : "must be an event object with a one-line string `type` (a streamed event's JSON data)"
    },
    eventText(_endpoint, chunk) {
      const framed = sseEventOf(chunk)
      if (framed) return sseText(framed)
      const data = untyped(chunk)
      // Every event is named after its `type`: the SDKs drop events that have no `event:` line.
      return sseText({ event: isObject(data) ? String(data['type']) : 'message', data: JSON.stringify(data) })
    },
    streamEnd: () => '',
    encodeError(status, text, json) {
      // As the Python SDK keeps it: the whole body, `{"type": "error", "error": {...}, "request_id": ...}`.
      return { type: anthropicErrorType(status), message: `Error code: ${status} - ${text}`, status_code: status, body: json ?? text }
    },
    errorBody,
    tokensOf,
    volatileFields: {
      // `msg_…` messages, `toolu_…` tool uses, `msgbatch_…` batches.
      idKeys: ['id'],
      timeKeys: ['created_at', 'ended_at', 'expires_at', 'cancel_initiated_at', 'archived_at'],
    },
  }
}

/**
 * Anthropic's Messages API (`/v1/messages`, models, batches): bodies typed as the Python `anthropic` SDK's
 * classes; every streamed event is sent as `event: <type>` with the same `type` in its data, which is how it
 * is replayed. An event framed otherwise (no `event:` line, an `id:`) is kept with its framing.
 */
export const anthropicFormat: WireFormat = anthropicWireFormat(ANTHROPIC_TYPES)

/** The same API called through the SDKs' `beta` resources: the Python SDK's `Beta…` classes. */
export const anthropicBetaFormat: WireFormat = anthropicWireFormat(ANTHROPIC_BETA_TYPES)
