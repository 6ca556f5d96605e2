import { untyped } from '../../cassette/typed-value.js'
import { usageLine } from './usage.js'
import { contentText, isObject, labelled, objectsIn, text, toolCall, type JsonObject } from './values.js'

// Anthropic's Messages API as a transcript: content blocks (text, thinking, tool use, tool results), streams
// joined into one reply, usage, batches. Picked by the request's endpoint (`/v1/messages…`) and the reply's
// `type` (`message`, `message_start`, …).

/** Anthropic's endpoints: messages, count_tokens, batches (and a batch's results file, wherever it is served). */
export const isAnthropicEndpoint = (endpoint: string): boolean => endpoint === '/v1/messages' || endpoint.startsWith('/v1/messages/')

const json = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value ?? {}))

function blockLines(role: string, block: JsonObject): string[] {
  switch (block['type']) {
    case 'text':
      return [labelled(role, text(block['text']) ?? '')]
    case 'thinking':
      return [labelled(`${role} (thinking)`, text(block['thinking']) ?? '')]
    case 'redacted_thinking':
      return [`${role} (thinking): [redacted]`]
    case 'tool_use':
    case 'server_tool_use':
      return [`${role}: ${toolCall(text(block['name']) ?? '?', json(block['input']))}`]
    case 'tool_result': {
      const error = block['is_error'] === true ? ', error' : ''
      return [labelled(`tool result (${text(block['tool_use_id']) ?? '?'}${error})`, contentText(block['content']))]
    }
    default:
      return [`${role}: [${String(block['type'])}]`]
  }
}

function messageLines(message: JsonObject): string[] {
  const role = text(message['role']) ?? 'message'
  const content = message['content']
  if (typeof content === 'string') return [labelled(role, content)]
  return objectsIn(content).flatMap((block) => blockLines(role, block))
}

/** What the test sent: the system prompt, then every message's blocks; a batch by its requests. */
export function anthropicRequestLines(body: JsonObject): string[] {
  if (Array.isArray(body['requests'])) {
    return objectsIn(body['requests']).flatMap((request) => {
      const params = isObject(request['params']) ? request['params'] : {}
      return [`request ${text(request['custom_id']) ?? '?'}:`, ...anthropicRequestLines(params).map((line) => `  ${line}`)]
    })
  }
  const system = body['system']
  const lines = system === undefined ? [] : [labelled('system', contentText(system))]
  return [...lines, ...objectsIn(body['messages']).flatMap(messageLines)]
}

/** A reply the Messages API sent as one JSON body, or undefined when it is not one of Anthropic's. */
export function anthropicReplyLines(body: JsonObject): string[] | undefined {
  switch (body['type']) {
    case 'message': {
      const usage = usageLine(body['usage'])
      return [...messageLines({ ...body, role: 'assistant' }), ...(usage ? [usage] : [])]
    }
    case 'message_batch': {
      const counts = isObject(body['request_counts']) ? body['request_counts'] : {}
      const summary = Object.entries(counts).filter(([, count]) => typeof count === 'number' && count > 0)
      const detail = summary.map(([name, count]) => `${String(count)} ${name}`).join(', ')
      return [`message batch ${text(body['id']) ?? '?'}: ${text(body['processing_status']) ?? '?'}${detail ? ` (${detail})` : ''}`]
    }
    case 'message_batch_deleted':
      return [`message batch ${text(body['id']) ?? '?'}: deleted`]
    case 'model':
      return [`model: ${text(body['id']) ?? '?'}`]
    case undefined:
      if (typeof body['input_tokens'] === 'number' && Object.keys(body).length === 1) return [`count: ${body['input_tokens']} input tokens`]
      if (Array.isArray(body['data']) && 'has_more' in body) {
        const items = body['data'].map(untyped).filter(isObject)
        const [one, many] = items.every((item) => item['type'] === 'model')
          ? ['model', 'models']
          : items.every((item) => item['type'] === 'message_batch')
            ? ['message batch', 'message batches']
            : ['item', 'items']
        return [`reply: a page of ${items.length} ${items.length === 1 ? one : many}${body['has_more'] === true ? ' (more after it)' : ''}`]
      }
      return undefined
    default:
      return undefined
  }
}

/** One line per result of a batch's results file. */
export function batchResultLines(lines: readonly unknown[]): string[] {
  return lines.map(untyped).map((line) => {
    if (!isObject(line)) return `result: ${json(line)}`
    const result = isObject(line['result']) ? line['result'] : {}
    const message = isObject(result['message']) ? result['message'] : undefined
    const reply = message
      ? objectsIn(message['content'])
          .flatMap((block) => blockLines('assistant', block))
          .join('; ')
      : ''
    return `result ${text(line['custom_id']) ?? '?'}: ${text(result['type']) ?? '?'}${reply ? ` — ${reply}` : ''}`
  })
}

interface StreamedBlock {
  type: string
  text: string
  name?: string
}

/** A stored stream event: a typed event, or one kept with its SSE framing (an `error` event). */
function eventOf(chunk: unknown): JsonObject | undefined {
  const data = untyped(chunk)
  if (!isObject(data)) return undefined
  if (typeof data['data'] === 'string' && typeof data['event'] === 'string' && !('type' in data)) {
    try {
      const parsed: unknown = JSON.parse(data['data'])
      return isObject(parsed) ? parsed : undefined
    } catch {
      return { type: data['event'] }
    }
  }
  return data
}

/** Whether a stream is Anthropic's: its events are named `message_start`, `content_block_delta`, …. */
export function isAnthropicStream(chunks: readonly unknown[]): boolean {
  const first = eventOf(chunks[0])
  return typeof first?.['type'] === 'string' && (first['type'] === 'message_start' || first['type'].startsWith('content_block_'))
}

/** A streamed message as one reply: each block's deltas joined (text, thinking, a tool call's input), usage, errors. */
export function anthropicStreamLines(chunks: readonly unknown[]): string[] {
  const blocks = new Map<number, StreamedBlock>()
  const problems: string[] = []
  let usage: JsonObject = {}
  for (const chunk of chunks) {
    const event = eventOf(chunk)
    if (!event) continue
    const index = typeof event['index'] === 'number' ? event['index'] : 0
    switch (event['type']) {
      case 'message_start':
        if (isObject(event['message']) && isObject(event['message']['usage'])) usage = { ...event['message']['usage'] }
        break
      case 'content_block_start': {
        const block = isObject(event['content_block']) ? event['content_block'] : {}
        const type = text(block['type']) ?? '?'
        const name = text(block['name'])
        blocks.set(index, { type, text: text(block['text']) ?? text(block['thinking']) ?? '', ...(name ? { name } : {}) })
        break
      }
      case 'content_block_delta': {
        const delta = isObject(event['delta']) ? event['delta'] : {}
        const block = blocks.get(index) ?? { type: 'text', text: '' }
        block.text += text(delta['text']) ?? text(delta['thinking']) ?? text(delta['partial_json']) ?? ''
        blocks.set(index, block)
        break
      }
      case 'message_delta':
        if (isObject(event['usage'])) usage = { ...usage, ...event['usage'] }
        break
      case 'error': {
        const error = isObject(event['error']) ? event['error'] : {}
        problems.push(`error in stream: ${text(error['message']) ?? json(event)}`)
        break
      }
    }
  }
  const label = `assistant (streamed, ${chunks.length} events)`
  const lines = [...blocks.values()].map((block) => {
    if (block.type === 'tool_use' || block.type === 'server_tool_use') return `assistant: ${toolCall(block.name ?? '?', block.text)}`
    if (block.type === 'thinking') return labelled('assistant (thinking)', block.text)
    return labelled(label, block.text)
  })
  const usageText = usageLine(usage)
  return [...(lines.length === 0 ? [labelled(label, '')] : lines), ...problems, ...(usageText ? [usageText] : [])]
}

/** An error body as Anthropic sends it: `{"type":"error","error":{"type","message"}}`. */
export function anthropicErrorMessage(body: unknown): string | undefined {
  return isObject(body) && body['type'] === 'error' && isObject(body['error']) ? text(body['error']['message']) : undefined
}
