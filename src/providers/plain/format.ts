import { isTypedValue, typed, untyped } from '../../cassette/typed-value.js'
import type { WireFormat } from '../../cassette/wire-format.js'
import { RAW_TEXT_TYPE, sseEventChunk, sseEventOf, sseText } from '../../exchange/raw-bodies.js'
import { isObject } from '../../util/is-object.js'

/** Where an event arrived framed as {@link sseText} writes it, it is stored without `raw`. */
function eventChunk(event: Parameters<WireFormat['encodeEvent']>[1], raw: string): unknown {
  return sseEventChunk(raw === sseText(event) ? event : { ...event, raw })
}

/**
 * Any HTTP API this package has no types for: JSON bodies stored as they are; every streamed event, the last
 * (`[DONE]`) included, kept with its framing, and with its exact text (`raw`) where it differs from the usual
 * `event:`/`id:`/`data:` lines and `\n` endings, so a replayed stream is the recorded bytes.
 */
export const plainFormat: WireFormat = {
  name: 'plain',
  encodeBody: (_endpoint, body) => body,
  decodeBody: (_endpoint, stored) => stored,
  encodeEvent: (_endpoint, event, raw) => ({ chunk: eventChunk(event, raw) }),
  encodeTail: (_endpoint, raw) => ({ chunk: typed(RAW_TEXT_TYPE, { text: raw }) }),
  eventText(_endpoint, chunk) {
    const event = sseEventOf(chunk)
    if (event) return typeof event.raw === 'string' ? event.raw : sseText(event)
    if (isTypedValue(chunk) && chunk.__type__ === RAW_TEXT_TYPE && isObject(chunk.__data__)) return String(chunk.__data__['text'] ?? '')
    const data = untyped(chunk)
    return sseText({ data: typeof data === 'string' ? data : JSON.stringify(data) })
  },
  streamEnd: () => '',
  encodeError(status, text, json) {
    return { type: 'HTTPStatusError', message: `HTTP ${status}: ${text}`, status_code: status, body: json ?? text }
  },
  errorBody: (exception) => (typeof exception.body === 'string' ? exception.body : JSON.stringify(exception.body)),
  tokensOf: () => undefined,
}
