import { isTypedValue, untyped } from '../../cassette/typed-value.js'
import type { RecordedResponse } from '../../cassette/types.js'
import { JSON_LINES_TYPE } from '../../exchange/json-lines.js'
import { BINARY_TYPE, TEXT_TYPE } from '../../exchange/raw-bodies.js'
import { decodeBody } from '../../providers/openai/python-types.js'
import { anthropicErrorMessage, anthropicReplyLines, anthropicStreamLines, batchResultLines, isAnthropicStream } from './anthropic.js'
import { chatCompletionLines, chatStreamLines } from './chat-reply.js'
import { responseLines, responseStreamLines } from './responses-reply.js'
import { usageLine } from './usage.js'
import { isObject, labelled, objectsIn, text } from './values.js'

/** A shape this renderer does not know, in one line. */
function summary(body: unknown): string {
  if (Array.isArray(body)) return `reply: a list of ${body.length} items`
  if (isObject(body)) return `reply: an object with keys ${Object.keys(body).join(', ') || '(none)'}`
  if (typeof body === 'string') return `reply: a string of ${body.length} characters`
  return `reply: ${JSON.stringify(body) ?? String(body)}`
}

function exceptionLine(response: RecordedResponse): string {
  const data = response.exception_data
  const status = data?.status_code ?? response.status
  // The recorder's `message` is "Error code: 429 - <the whole body>"; the API's own message reads better.
  const apiMessage = isObject(data?.body) ? (text(data.body['message']) ?? anthropicErrorMessage(data.body)) : undefined
  return `error${status === undefined ? '' : ` ${status}`}: ${apiMessage ?? data?.message ?? 'no message recorded'}`
}

function embeddingLines(body: Record<string, unknown>): string[] {
  const vectors = objectsIn(body['data'])
  const first = vectors[0]?.['embedding']
  const dims = Array.isArray(first) ? `${first.length} dims` : typeof first === 'string' ? 'base64' : '? dims'
  const usage = usageLine(body['usage'])
  return [`embeddings: ${vectors.length} vectors × ${dims}`, ...(usage ? [usage] : [])]
}

function jsonReplyLines(endpoint: string, body: unknown): string[] {
  if (!isObject(body)) return [summary(body)]
  const anthropic = anthropicReplyLines(body)
  if (anthropic) return anthropic
  const object = body['object']
  if (object === 'chat.completion') return chatCompletionLines(body)
  if (object === 'response') return responseLines(body)
  if (endpoint.endsWith('/embeddings') && Array.isArray(body['data'])) return embeddingLines(body)
  if (object === 'text_completion') {
    const usage = usageLine(body['usage'])
    return [...objectsIn(body['choices']).map((choice) => labelled('completion', text(choice['text']) ?? '')), ...(usage ? [usage] : [])]
  }
  if (object === 'list' && Array.isArray(body['data'])) return [`reply: a list of ${body['data'].length} ${endpoint.endsWith('/models') ? 'models' : 'items'}`]
  return [summary(body)]
}

function streamReplyLines(chunks: unknown[]): string[] {
  if (isAnthropicStream(chunks)) return anthropicStreamLines(chunks)
  const first = chunks.find(isObject)
  if (first?.['object'] === 'chat.completion.chunk' || 'choices' in (first ?? {})) return chatStreamLines(chunks)
  if (typeof first?.['type'] === 'string' && first['type'].startsWith('response.')) return responseStreamLines(chunks)
  if (chunks.length === 0) return ['reply: an empty stream']
  return [`reply: a stream of ${chunks.length} chunks`]
}

/** A body that was not JSON (speech audio, plain text, JSON lines), as the recorder marks it. */
function rawBodyLines(body: unknown): string[] | undefined {
  if (isTypedValue(body) && body.__type__ === JSON_LINES_TYPE && isObject(body.__data__) && Array.isArray(body.__data__['lines'])) {
    const lines = body.__data__['lines']
    const results = batchResultLines(lines)
    return [`reply: ${lines.length} JSON lines`, ...results.filter((line) => line.startsWith('result ')).map((line) => `  ${line}`)]
  }
  const line = rawBodyLine(body)
  return line === undefined ? undefined : [line]
}

function rawBodyLine(body: unknown): string | undefined {
  if (!isTypedValue(body) || !isObject(body.__data__)) return undefined
  const contentType = text(body.__data__['content_type']) || 'unknown type'
  const base64 = text(body.__data__['base64'])
  if (body.__type__ === BINARY_TYPE && base64 !== undefined) return `reply: ${Buffer.from(base64, 'base64').length} bytes of ${contentType}`
  const bodyText = text(body.__data__['text'])
  if (body.__type__ === TEXT_TYPE && bodyText !== undefined) return labelled(`reply (${contentType})`, bodyText)
  return undefined
}

/** The reply as transcript lines: an error, a streamed reply joined into one, or the JSON reply. */
export function replyLines(endpoint: string, response: RecordedResponse): string[] {
  if (response.is_exception) return [exceptionLine(response)]
  if (response.is_streaming && Array.isArray(response.body)) return streamReplyLines(response.body.map(untyped))
  const raw = rawBodyLines(response.body)
  if (raw !== undefined) return raw
  const body = decodeBody(endpoint, response.body)
  if (isObject(body) && isObject(body['error'])) {
    return [`error${response.status === undefined ? '' : ` ${response.status}`}: ${text(body['error']['message']) ?? JSON.stringify(body['error'])}`]
  }
  return jsonReplyLines(endpoint, body)
}
