import { createParser } from 'eventsource-parser'
import { encodeBody, encodeChunk } from '../cassette/python-types.js'
import type { RecordedResponse } from '../cassette/types.js'
import { errorTypeFor } from './error-types.js'
import { allowedHeaders, isEventStream, isJson } from './response-headers.js'
import { BINARY_TYPE, TEXT_TYPE } from './raw-bodies.js'

export interface Capture {
  /** Filled in as the body arrives; a stream's chunk list grows chunk by chunk. */
  recorded: RecordedResponse
  /** Settles when the body has been read to its end, or as far as it got before an abort. Never rejects. */
  done: Promise<void>
}

function bodyOf(response: Response): AsyncIterable<Uint8Array> | undefined {
  return (response.body ?? undefined) as AsyncIterable<Uint8Array> | undefined
}

async function readChunks(
  endpoint: string,
  copy: Response,
  chunks: unknown[],
): Promise<void> {
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
  const decoder = new TextDecoder()
  const body = bodyOf(copy)
  if (!body) return
  try {
    for await (const bytes of body) parser.feed(decoder.decode(bytes, { stream: true }))
    parser.feed(decoder.decode())
  } catch {
    // The caller stopped early (break, abort): keep what arrived.
  }
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
 * Records a live response without delaying it: the caller gets the original `Response` untouched and
 * a clone is read alongside, so each streamed chunk reaches the caller as it arrives.
 */
export function captureResponse(endpoint: string, live: Response): Capture {
  const streaming = live.ok && isEventStream(live.headers)
  const headers = allowedHeaders(live.headers)
  const recorded: RecordedResponse = { body: streaming ? [] : null, is_streaming: streaming }
  if (headers) recorded.headers = headers
  if (live.status !== 200) recorded.status = live.status
  const copy = live.clone()
  let done: Promise<void>
  if (!live.ok) done = readError(copy, recorded)
  else if (streaming) done = readChunks(endpoint, copy, recorded.body as unknown[])
  else done = readWhole(endpoint, copy, recorded)
  return { recorded, done: done.catch(() => undefined) }
}
