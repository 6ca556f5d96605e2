import type { Interaction } from '../cassette/types.js'
import { decodeJsonLines } from './json-lines.js'
import { BINARY_TYPE, TEXT_TYPE } from './raw-bodies.js'
import { attachRecordedChunks } from './recorded-chunks.js'
import type { WireFormat } from '../cassette/wire-format.js'

const encoder = new TextEncoder()

function abortError(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('This operation was aborted', 'AbortError')
}

/**
 * A body that yields one SSE event per read, the format's end marker last, and errors like a live body when the
 * caller aborts. Events are serialised as they are read: a replay an adapter serves from the recorded chunks
 * never pays for them.
 */
function eventStream(format: WireFormat, endpoint: string, chunks: readonly unknown[], signal: AbortSignal | undefined): ReadableStream<Uint8Array> {
  const end = format.streamEnd(endpoint)
  let next = 0
  let onAbort: (() => void) | undefined
  return new ReadableStream<Uint8Array>({
    start(controller) {
      if (!signal) return
      onAbort = () => controller.error(abortError(signal))
      signal.addEventListener('abort', onAbort, { once: true })
    },
    pull(controller) {
      const index = next++
      if (index < chunks.length) {
        controller.enqueue(encoder.encode(format.eventText(endpoint, chunks[index])))
        return
      }
      if (index === chunks.length && end !== '') {
        controller.enqueue(encoder.encode(end))
        return
      }
      if (onAbort) signal?.removeEventListener('abort', onAbort)
      controller.close()
    },
    cancel() {
      if (onAbort) signal?.removeEventListener('abort', onAbort)
    },
  })
}

function rawBody(stored: unknown): { body: BodyInit; contentType: string } | undefined {
  if (typeof stored !== 'object' || stored === null || !('__type__' in stored)) return undefined
  const data = (stored as { __data__?: { content_type?: string; text?: string; base64?: string } }).__data__ ?? {}
  if (stored.__type__ === TEXT_TYPE) return { body: data.text ?? '', contentType: data.content_type ?? 'text/plain' }
  if (stored.__type__ === BINARY_TYPE) {
    return { body: Buffer.from(data.base64 ?? '', 'base64'), contentType: data.content_type ?? 'application/octet-stream' }
  }
  return undefined
}

/** Rebuilds the HTTP response an interaction recorded; the SDK parses it exactly as it parses a live one. */
export function replayResponse(format: WireFormat, interaction: Interaction, url: string, signal: AbortSignal | undefined): Response {
  if (signal?.aborted) throw abortError(signal)
  const { request, response } = interaction
  const headers = new Headers(response.headers ?? {})
  let body: BodyInit
  let status = response.status ?? 200
  if (response.is_exception && response.exception_data) {
    status = response.exception_data.status_code
    body = format.errorBody(response.exception_data)
    headers.set('content-type', 'application/json')
  } else if (response.is_streaming) {
    body = eventStream(format, request.endpoint, response.body as unknown[], signal)
    headers.set('content-type', 'text/event-stream; charset=utf-8')
  } else {
    const raw = rawBody(response.body) ?? decodeJsonLines(format, request.endpoint, response.body)
    body = raw ? raw.body : JSON.stringify(format.decodeBody(request.endpoint, response.body))
    headers.set('content-type', raw ? raw.contentType : 'application/json')
  }
  const replayed = new Response(body, { status, headers })
  Object.defineProperty(replayed, 'url', { value: url })
  if (response.is_streaming && !response.is_exception) attachRecordedChunks(replayed, response.body as unknown[])
  return replayed
}
