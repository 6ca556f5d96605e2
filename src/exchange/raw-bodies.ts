import { isObject } from '../util/is-object.js'
import type { SseEvent } from '../cassette/wire-format.js'

/** Non-JSON response bodies have no Python SDK class; these names mark them in a cassette. */
export const TEXT_TYPE = 'llm_cassettes.TextBody'
export const BINARY_TYPE = 'llm_cassettes.BinaryBody'
/** A streamed event kept with its framing (`event:`, `id:`), where the data alone would not replay it exactly. */
export const SSE_EVENT_TYPE = 'llm_cassettes.ServerSentEvent'

export function sseEventChunk(event: SseEvent): unknown {
  return { __type__: SSE_EVENT_TYPE, __data__: event }
}

/** The event a chunk stored by {@link sseEventChunk} holds, or undefined for any other chunk. */
export function sseEventOf(chunk: unknown): SseEvent | undefined {
  if (!isObject(chunk) || chunk['__type__'] !== SSE_EVENT_TYPE) return undefined
  const data = chunk['__data__']
  if (!isObject(data) || typeof data['data'] !== 'string') return undefined
  return data as unknown as SseEvent
}

/** The SSE text of one event: its fields in the order servers send them, then the blank line that ends it. */
export function sseText(event: SseEvent): string {
  const lines = [
    ...(event.event === undefined ? [] : [`event: ${event.event}`]),
    ...(event.id === undefined ? [] : [`id: ${event.id}`]),
    ...event.data.split('\n').map((line) => `data: ${line}`),
  ]
  return `${lines.join('\n')}\n\n`
}

/** A line of a newline-delimited JSON stream that is not compact JSON, kept as it arrived (line ending included). */
export const STREAM_LINE_TYPE = 'llm_cassettes.StreamLine'
/** Text of a stream kept as it arrived, that holds no event: it replays as it was. */
export const RAW_TEXT_TYPE = 'llm_cassettes.RawText'
