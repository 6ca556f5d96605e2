import type { RecordedResponse } from '../cassette/types.js'
import { tryParseJson } from '../util/parse-json.js'
import { streamLineChunk } from './stream-lines.js'
import { encodeJsonLines } from './json-lines.js'
import { CHUNK_OFFSETS_FIELD, offsetMs, STREAM_END_FIELD } from './pacing.js'
import { BINARY_TYPE, TEXT_TYPE } from './raw-bodies.js'
import { allowedHeaders, isEventStream, isJson, ndjsonType } from './response-headers.js'
import { lineSplitter, sseEventSplitter } from './sse-events.js'
import type { WireFormat } from '../cassette/wire-format.js'

export interface Capture {
  /** What the caller gets: the live response itself, or for a stream the same response with a recorded body. */
  response: Response
  /** Filled in as the body arrives; a stream's chunk list grows chunk by chunk. */
  recorded: RecordedResponse
  /** Settles when a non-streamed body has been read from its clone. Never rejects. */
  done: Promise<void>
}

type ByteSource = { read(): Promise<{ done: boolean; value?: Uint8Array }>; cancel(reason?: unknown): Promise<unknown> }

/** Web streams (undici) and Node streams (node-fetch, used by openai v4) both become a reader. */
function readerOf(body: unknown): ByteSource {
  if (typeof (body as ReadableStream).getReader === 'function') return (body as ReadableStream<Uint8Array>).getReader()
  const iterator = (body as AsyncIterable<Uint8Array>)[Symbol.asyncIterator]()
  return {
    read: async () => {
      const next = await iterator.next()
      return next.done ? { done: true } : { done: false, value: next.value }
    },
    cancel: async (reason) => iterator.return?.(reason),
  }
}

interface Collector {
  feed(bytes: Uint8Array): void
  /** The body ended: text after the last complete event or line is stored too, where the format keeps it. */
  end(): void
}

/** Parses SSE events out of the bytes the caller reads, pushing each chunk as it completes. */
function eventCollector(format: WireFormat, endpoint: string, chunks: unknown[]): Collector {
  const decoder = new TextDecoder()
  const splitter = sseEventSplitter(({ event: arrived, raw }) => {
    let stored: { chunk: unknown } | undefined
    if (arrived) {
      const { event, id, data } = arrived
      stored = format.encodeEvent(endpoint, { data, ...(event === undefined ? {} : { event }), ...(id === undefined ? {} : { id }) }, raw)
    } else {
      stored = format.encodeTail?.(endpoint, raw)
    }
    if (stored) chunks.push(stored.chunk)
  })
  return { feed: (bytes) => splitter.feed(decoder.decode(bytes, { stream: true })), end: () => splitter.end() }
}

/** Newline-delimited JSON: one chunk per line, as the caller reads it. */
function lineCollector(chunks: unknown[]): Collector {
  const decoder = new TextDecoder()
  const splitter = lineSplitter((line) => chunks.push(streamLineChunk(line)))
  return { feed: (bytes) => splitter.feed(decoder.decode(bytes, { stream: true })), end: () => splitter.end() }
}

/**
 * The caller reads the live body through this stream, one pull at a time, so each chunk reaches it as it
 * arrives, a `break` cancels the live body at once, and the recording holds exactly what the caller read.
 */
function recordingStream(live: Response, collector: Collector, signal: AbortSignal | undefined): ReadableStream<Uint8Array> {
  const source = readerOf(live.body)
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        let next: { done: boolean; value?: Uint8Array }
        try {
          next = await source.read()
        } catch (error) {
          controller.error(error)
          return
        }
        // Once the caller has aborted, bytes the live body had already buffered must not reach it (nor the cassette).
        if (signal?.aborted) {
          controller.error(signal.reason ?? new DOMException('This operation was aborted', 'AbortError'))
          await source.cancel(signal.reason).catch(() => undefined)
          return
        }
        if (next.done || !next.value) {
          collector.end()
          controller.close()
          return
        }
        collector.feed(next.value)
        controller.enqueue(next.value)
      },
      cancel(reason) {
        return source.cancel(reason).then(() => undefined)
      },
      // No read-ahead: a chunk is read from the live body (and recorded) only when the caller asks for it, so an
      // abort or break after chunk N never lets chunk N+1 through, however late the caller gets to it.
    },
    { highWaterMark: 0 },
  )
}

/**
 * The collector, with each chunk's arrival stored beside the chunks, and the stream's end when the caller reads
 * it (ms after `startedAt`, a `performance.now()` reading).
 */
function timed(collector: Collector, recorded: RecordedResponse, startedAt: number): Collector {
  const chunks = recorded.body as unknown[]
  const offsets: number[] = []
  recorded[CHUNK_OFFSETS_FIELD] = offsets
  const stamp = () => {
    while (offsets.length < chunks.length) offsets.push(offsetMs(performance.now() - startedAt))
  }
  return {
    feed(bytes) {
      collector.feed(bytes)
      stamp()
    },
    end() {
      collector.end()
      stamp()
      recorded[STREAM_END_FIELD] = offsetMs(performance.now() - startedAt)
    },
  }
}

function recordStream(collector: Collector, live: Response, recorded: RecordedResponse, signal: AbortSignal | undefined, startedAt: number): Capture {
  const body = recordingStream(live, timed(collector, recorded, startedAt), signal)
  const response = new Response(body, { status: live.status, statusText: live.statusText, headers: live.headers })
  Object.defineProperty(response, 'url', { value: live.url })
  // Nothing to wait for: the chunk list always holds what the caller has read so far, which is what replays.
  return { response, recorded, done: Promise.resolve() }
}

async function readError(format: WireFormat, copy: Response, recorded: RecordedResponse): Promise<void> {
  const text = await copy.text().catch(() => '')
  recorded.is_exception = true
  recorded.exception_data = format.encodeError(copy.status, text, tryParseJson(text))
}

async function readWhole(format: WireFormat, endpoint: string, copy: Response, recorded: RecordedResponse): Promise<void> {
  if (isJson(copy.headers)) {
    const text = await copy.text()
    const json = tryParseJson(text)
    recorded.body = json === undefined ? { __type__: TEXT_TYPE, __data__: { content_type: 'application/json', text } } : format.encodeBody(endpoint, json)
    return
  }
  const contentType = copy.headers.get('content-type') ?? ''
  if (contentType.startsWith('text/')) {
    recorded.body = { __type__: TEXT_TYPE, __data__: { content_type: contentType, text: await copy.text() } }
    return
  }
  const bytes = Buffer.from(await copy.arrayBuffer())
  const lines = encodeJsonLines(format, endpoint, contentType, bytes)
  if (lines !== undefined) {
    recorded.body = lines
    return
  }
  recorded.body = { __type__: BINARY_TYPE, __data__: { content_type: contentType, base64: bytes.toString('base64') } }
}

/**
 * Records a live response without delaying it. A stream is read by the caller through a recording body, each
 * chunk's arrival stored in `chunk_offsets_ms` (ms after `startedAt`, when the request was sent); any other body
 * is read from a clone alongside the caller.
 */
export function captureResponse(format: WireFormat, endpoint: string, live: Response, signal?: AbortSignal, startedAt = performance.now()): Capture {
  const canStream = live.ok && live.body !== null
  const events = canStream && isEventStream(live.headers)
  const lines = canStream && !events ? ndjsonType(live.headers) : undefined
  const streaming = events || lines !== undefined
  const headers = allowedHeaders(live.headers)
  const recorded: RecordedResponse = { body: streaming ? [] : null, is_streaming: streaming }
  if (headers) recorded.headers = headers
  if (live.status !== 200) recorded.status = live.status
  if (lines !== undefined) {
    // Replay must know these chunks are lines, not events.
    recorded.content_type = lines
    return recordStream(lineCollector(recorded.body as unknown[]), live, recorded, signal, startedAt)
  }
  if (events) return recordStream(eventCollector(format, endpoint, recorded.body as unknown[]), live, recorded, signal, startedAt)
  const copy = live.clone()
  const done = live.ok ? readWhole(format, endpoint, copy, recorded) : readError(format, copy, recorded)
  return { response: live, recorded, done: done.catch(() => undefined) }
}
