import { createParser } from 'eventsource-parser'
import { encodeBody, encodeChunk } from '../cassette/python-types.js'
import type { RecordedResponse } from '../cassette/types.js'
import { errorTypeFor } from './error-types.js'
import { allowedHeaders, isEventStream, isJson } from './response-headers.js'
import { BINARY_TYPE, TEXT_TYPE } from './raw-bodies.js'

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

/** Parses SSE events out of the bytes the caller reads, pushing each chunk as it completes. */
function chunkCollector(endpoint: string, chunks: unknown[]): { feed(bytes: Uint8Array): void } {
  const decoder = new TextDecoder()
  const parser = createParser({
    onEvent(event) {
      if (event.data === '[DONE]') return
      try {
        chunks.push(encodeChunk(endpoint, JSON.parse(event.data)))
      } catch {
        chunks.push(event.data)
      }
    },
  })
  return { feed: (bytes) => parser.feed(decoder.decode(bytes, { stream: true })) }
}

/**
 * The caller reads the live body through this stream, one pull at a time, so each chunk reaches it as it
 * arrives, a `break` cancels the live body at once, and the recording holds exactly what the caller read.
 */
function recordingStream(live: Response, collector: { feed(bytes: Uint8Array): void }): ReadableStream<Uint8Array> {
  const source = readerOf(live.body)
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      let next: { done: boolean; value?: Uint8Array }
      try {
        next = await source.read()
      } catch (error) {
        controller.error(error)
        return
      }
      if (next.done || !next.value) {
        controller.close()
        return
      }
      collector.feed(next.value)
      controller.enqueue(next.value)
    },
    cancel(reason) {
      return source.cancel(reason).then(() => undefined)
    },
    // No read-ahead: a chunk is taken from the live body only when the caller asks for it. With the default
    // of one chunk ahead, a chunk that arrived before the caller aborted still reached it afterwards, which a
    // live body (whose queue the abort discards) never does.
  }, { highWaterMark: 0 })
}

function recordStream(endpoint: string, live: Response, recorded: RecordedResponse): Capture {
  const body = recordingStream(live, chunkCollector(endpoint, recorded.body as unknown[]))
  const response = new Response(body, { status: live.status, statusText: live.statusText, headers: live.headers })
  Object.defineProperty(response, 'url', { value: live.url })
  // Nothing to wait for: the chunk list always holds what the caller has read so far, which is what replays.
  return { response, recorded, done: Promise.resolve() }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

async function readError(copy: Response, recorded: RecordedResponse): Promise<void> {
  const text = await copy.text().catch(() => '')
  const json = parseJson(text)
  const body =
    typeof json === 'object' && json !== null && 'error' in json ? (json as { error: unknown }).error : (json ?? text)
  recorded.is_exception = true
  recorded.exception_data = {
    type: errorTypeFor(copy.status),
    message: `Error code: ${copy.status} - ${text}`,
    status_code: copy.status,
    body,
  }
}

async function readWhole(endpoint: string, copy: Response, recorded: RecordedResponse): Promise<void> {
  if (isJson(copy.headers)) {
    const text = await copy.text()
    const json = parseJson(text)
    recorded.body = json === undefined ? { __type__: TEXT_TYPE, __data__: { content_type: 'application/json', text } } : encodeBody(endpoint, json)
    return
  }
  const contentType = copy.headers.get('content-type') ?? ''
  if (contentType.startsWith('text/')) {
    recorded.body = { __type__: TEXT_TYPE, __data__: { content_type: contentType, text: await copy.text() } }
    return
  }
  const bytes = Buffer.from(await copy.arrayBuffer())
  recorded.body = { __type__: BINARY_TYPE, __data__: { content_type: contentType, base64: bytes.toString('base64') } }
}

/**
 * Records a live response without delaying it. A stream is read by the caller through a recording body;
 * any other body is read from a clone alongside the caller.
 */
export function captureResponse(endpoint: string, live: Response): Capture {
  const streaming = live.ok && live.body !== null && isEventStream(live.headers)
  const headers = allowedHeaders(live.headers)
  const recorded: RecordedResponse = { body: streaming ? [] : null, is_streaming: streaming }
  if (headers) recorded.headers = headers
  if (live.status !== 200) recorded.status = live.status
  if (streaming) return recordStream(endpoint, live, recorded)
  const copy = live.clone()
  const done = live.ok ? readWhole(endpoint, copy, recorded) : readError(copy, recorded)
  return { response: live, recorded, done: done.catch(() => undefined) }
}
