import { decodeBody, untyped } from '../cassette/python-types.js'
import type { Interaction } from '../cassette/types.js'
import { BINARY_TYPE, TEXT_TYPE } from './raw-bodies.js'

const encoder = new TextEncoder()

function abortError(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('This operation was aborted', 'AbortError')
}

/** The recorded chunks as the server sent them: SSE events, `[DONE]` after Chat and Completions streams. */
function sseEvents(endpoint: string, chunks: readonly unknown[]): string[] {
  const named = endpoint === '/v1/responses'
  const events = chunks.map((chunk) => {
    const data = untyped(chunk)
    const text = typeof data === 'string' ? data : JSON.stringify(data)
    const type = named && typeof data === 'object' && data !== null && 'type' in data ? String(data.type) : undefined
    return type === undefined ? `data: ${text}\n\n` : `event: ${type}\ndata: ${text}\n\n`
  })
  if (!named) events.push('data: [DONE]\n\n')
  return events
}

/** A body that yields one SSE event per read, and errors like a live body when the caller aborts. */
function eventStream(events: readonly string[], signal: AbortSignal | undefined): ReadableStream<Uint8Array> {
  let next = 0
  let onAbort: (() => void) | undefined
  return new ReadableStream<Uint8Array>({
    start(controller) {
      if (!signal) return
      onAbort = () => controller.error(abortError(signal))
      signal.addEventListener('abort', onAbort, { once: true })
    },
    pull(controller) {
      const event = events[next++]
      if (event !== undefined) {
        controller.enqueue(encoder.encode(event))
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
export function replayResponse(interaction: Interaction, url: string, signal: AbortSignal | undefined): Response {
  if (signal?.aborted) throw abortError(signal)
  const { request, response } = interaction
  const headers = new Headers(response.headers ?? {})
  let body: BodyInit
  let status = response.status ?? 200
  if (response.is_exception && response.exception_data) {
    status = response.exception_data.status_code
    body = JSON.stringify({ error: response.exception_data.body })
    headers.set('content-type', 'application/json')
  } else if (response.is_streaming) {
    body = eventStream(sseEvents(request.endpoint, response.body as unknown[]), signal)
    headers.set('content-type', 'text/event-stream; charset=utf-8')
  } else {
    const raw = rawBody(response.body)
    body = raw ? raw.body : JSON.stringify(decodeBody(request.endpoint, response.body))
    headers.set('content-type', raw ? raw.contentType : 'application/json')
  }
  const replayed = new Response(body, { status, headers })
  Object.defineProperty(replayed, 'url', { value: url })
  return replayed
}
