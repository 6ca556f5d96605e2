import { createHash } from 'node:crypto'
import type { ServerResponse } from 'node:http'

// POST /v1/messages: a deterministic assistant. With a get_weather tool and a question about the weather it
// calls the tool; given a tool result, it repeats it; otherwise it echoes the last user text, as JSON
// {"answer": …} when asked for structured output (`output_config.format` or `output_format`).

type Json = Record<string, unknown>
const isRecord = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value)
const records = (value: unknown): Json[] => (Array.isArray(value) ? value.filter(isRecord) : [])
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex')
const countWords = (text: string) => text.split(/\s+/).filter(Boolean).length

function contentText(content: unknown): string {
  if (typeof content === 'string') return content
  return records(content)
    .map((block) => (typeof block.text === 'string' ? block.text : block.type === 'tool_result' ? contentText(block.content) : ''))
    .filter(Boolean)
    .join(' ')
}

type Block = { type: 'text'; text: string } | { type: 'tool_use'; id: string; name: string; input: Json }

function plan(body: Json, hash: string): { blocks: Block[]; stopReason: string; inputTokens: number } {
  const messages = records(body.messages)
  const user = [...messages].reverse().find((message) => message.role === 'user')
  const toolResult = records(user?.content).find((block) => block.type === 'tool_result')
  const userText = contentText(user?.content)
  const inputTokens = messages.reduce((sum, message) => sum + countWords(contentText(message.content)), 0) + 3
  const tool = records(body.tools).find((candidate) => candidate.name === 'get_weather')
  if (!toolResult && tool && /\bweather\b/i.test(userText)) {
    return { blocks: [{ type: 'tool_use', id: `toolu_${hash.slice(0, 24)}`, name: 'get_weather', input: { city: 'Paris' } }], stopReason: 'tool_use', inputTokens }
  }
  const answer = toolResult ? `Tool said: ${contentText(toolResult.content)}` : `Echo: ${userText}`
  const structured = (isRecord(body.output_config) && isRecord(body.output_config.format)) || isRecord(body.output_format)
  return { blocks: [{ type: 'text', text: structured ? JSON.stringify({ answer }) : answer }], stopReason: 'end_turn', inputTokens }
}

const frame = (data: Json) => `event: ${String(data.type)}\ndata: ${JSON.stringify(data)}\n\n`

function blockFrames(block: Block, index: number): string[] {
  const delta = (value: Json) => frame({ type: 'content_block_delta', index, delta: value })
  const stop = frame({ type: 'content_block_stop', index })
  if (block.type === 'text') {
    const words = block.text.match(/\s*\S+/g) ?? ['']
    return [frame({ type: 'content_block_start', index, content_block: { type: 'text', text: '' } }), ...words.map((text) => delta({ type: 'text_delta', text })), stop]
  }
  const json = JSON.stringify(block.input)
  return [
    frame({ type: 'content_block_start', index, content_block: { type: 'tool_use', id: block.id, name: block.name, input: {} } }),
    delta({ type: 'input_json_delta', partial_json: json.slice(0, 5) }),
    delta({ type: 'input_json_delta', partial_json: json.slice(5) }),
    stop,
  ]
}

export async function handleMessages(res: ServerResponse, body: Json, raw: string): Promise<void> {
  const hash = sha256(raw)
  const { blocks, stopReason, inputTokens } = plan(body, hash)
  const outputTokens = blocks.reduce((sum, block) => sum + countWords(block.type === 'text' ? block.text : JSON.stringify(block.input)), 0)
  const usage = (output: number) => ({ input_tokens: inputTokens, output_tokens: output, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 })
  const message = (content: Block[], stop: string | null, output: number) => ({
    id: `msg_${hash.slice(0, 24)}`,
    type: 'message',
    role: 'assistant',
    model: String(body.model),
    content,
    stop_reason: stop,
    stop_sequence: null,
    usage: usage(output),
  })
  if (body.stream !== true) {
    res.writeHead(200, { 'content-type': 'application/json' })
    res.end(JSON.stringify(message(blocks, stopReason, outputTokens)))
    return
  }
  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' })
  const frames = [
    frame({ type: 'message_start', message: message([], null, 1) }),
    frame({ type: 'ping' }),
    ...blocks.flatMap(blockFrames),
    frame({ type: 'message_delta', delta: { stop_reason: stopReason, stop_sequence: null }, usage: { output_tokens: outputTokens } }),
    frame({ type: 'message_stop' }),
  ]
  for (const [index, text] of frames.entries()) {
    if (index > 0) await new Promise((resolve) => setTimeout(resolve, 2))
    if (res.destroyed) return
    res.write(text)
  }
  res.end()
}
