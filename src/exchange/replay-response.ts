import type { Interaction } from '../cassette/types.js'
import { tryParseJson } from '../util/parse-json.js'
import { streamLineText } from './stream-lines.js'
import { decodeJsonLines } from './json-lines.js'
import { BINARY_TYPE, TEXT_TYPE } from './raw-bodies.js'
import type { Pacing } from './pacing.js'
import { attachRecordedChunks } from './recorded-chunks.js'
import { NULL_BODY_STATUSES } from './replay-check.js'
import type { WireFormat } from '../cassette/wire-format.js'

const encoder = new TextEncoder()

function abortError(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('This operation was aborted', 'AbortError')
}

/**
 * A body that yields one SSE event (or NDJSON line) per read, the end marker last, and errors like a live body
 * when the caller aborts. Events are serialised as they are read (no read ahead: a high-water mark of 0), so a
 * replay an adapter serves from the recorded chunks never pays for them. With `pacing`, each chunk waits until it is due.
 */
function chunkStream(
  textOf: (chunk: unknown) => string,
  end: string,
  chunks: readonly unknown[],
  signal: AbortSignal | undefined,
  pacing: Pacing | undefined,
): ReadableStream<Uint8Array> {
  let next = 0
  let onAbort: (() => void) | undefined
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        if (!signal) return
        onAbort = () => controller.error(abortError(signal))
        signal.addEventListener('abort', onAbort, { once: true })
      },
      async pull(controller) {
        const index = next++
        if (pacing && index <= chunks.length) {
          await pacing.wait(index, signal)
          if (signal?.aborted) return
        }
        if (index < chunks.length) {
          controller.enqueue(encoder.encode(textOf(chunks[index])))
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
    },
    { highWaterMark: 0 },
  )
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

/**
 * Rebuilds the HTTP response an interaction recorded; the SDK parses it exactly as it parses a live one. A
 * stream's chunks come at once, or as `pacing` says.
 */
export function replayResponse(format: WireFormat, interaction: Interaction, url: string, signal: AbortSignal | undefined, pacing?: Pacing): Response {
  if (signal?.aborted) throw abortError(signal)
  const { request, response } = interaction
  const headers = new Headers(response.headers ?? {})
  let body: BodyInit
  let status = response.status ?? 200
  if (response.is_exception && response.exception_data) {
    status = response.exception_data.status_code
    const text = format.errorBody(response.exception_data)
    body = text
    // Clients read an error body as JSON only when the type says so (@google/genai, the Stainless SDKs).
    headers.set('content-type', tryParseJson(text) === undefined ? 'text/plain; charset=utf-8' : 'application/json')
  } else if (response.is_streaming && typeof response.content_type === 'string') {
    body = chunkStream(streamLineText, '', response.body as unknown[], signal, pacing)
    headers.set('content-type', response.content_type)
  } else if (response.is_streaming) {
    const { endpoint } = request
    body = chunkStream((chunk) => format.eventText(endpoint, chunk), format.streamEnd(endpoint), response.body as unknown[], signal, pacing)
    headers.set('content-type', 'text/event-stream; charset=utf-8')
  } else {
    const raw = rawBody(response.body) ?? decodeJsonLines(format, request.endpoint, response.body)
    body = raw ? raw.body : JSON.stringify(format.decodeBody(request.endpoint, response.body))
    headers.set('content-type', raw ? raw.contentType : 'application/json')
  }
  // A response of a null-body status (204, 304, …) cannot be built with a body, even an empty one.
  const replayed = new Response(NULL_BODY_STATUSES.has(status) ? null : body, { status, headers })
  Object.defineProperty(replayed, 'url', { value: url })
  if (response.is_streaming && !response.is_exception) attachRecordedChunks(replayed, response.body as unknown[], pacing)
  return replayed
}
