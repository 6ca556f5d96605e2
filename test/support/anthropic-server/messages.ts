import { contentText, countWords, isRecord, records, sendJson, sha256, sleep, splitFragments, splitWords } from './shared.js'
import type { Call, Json } from './types.js'

// POST /v1/messages: a deterministic assistant. Text is an echo of the last user message; with a tool whose
// name is get_weather and a question about the weather, it calls the tool; given a tool result, it repeats it;
// with `thinking` enabled, a thinking block (with its signature) comes first; asked for structured output
// (`output_config.format` or `output_format`), the text is `{"answer": <that text>}`.

export const WEATHER_INPUT = { city: 'Paris' }
/** With `stream: true`, this model sends a few events and then `event: error`. */
const STREAM_ERROR_MODEL = 'stream-error'
/** With `stream: true`, this model holds the stream after its first event until released. */
const GATED_MODEL = 'gated-model'
const CHUNK_DELAY_MS = 3

type Block =
  | { type: 'text'; text: string }
  | { type: 'thinking'; thinking: string; signature: string }
  | { type: 'tool_use'; id: string; name: string; input: Json }

interface Turn {
  blocks: Block[]
  stopReason: string
  inputTokens: number
}

function lastUser(messages: Json[]): Json | undefined {
  return [...messages].reverse().find((message) => message.role === 'user')
}

function toolResultOf(message: Json | undefined): string | undefined {
  const result = records(message?.content).find((block) => block.type === 'tool_result')
  return result ? contentText(result.content) : undefined
}

function planTurn(call: Call): Turn {
  const messages = records(call.body.messages)
  const user = lastUser(messages)
  const toolResult = toolResultOf(user)
  const userText = contentText(user?.content)
  const inputTokens = messages.reduce((sum, message) => sum + countWords(contentText(message.content)), 0) + 3
  const blocks: Block[] = []
  if (isRecord(call.body.thinking) && call.body.thinking.type === 'enabled') {
    blocks.push({ type: 'thinking', thinking: `The user said "${userText}". I should answer briefly.`, signature: signatureOf(call.hash) })
  }
  const weatherTool = records(call.body.tools).find((tool) => tool.name === 'get_weather')
  if (toolResult === undefined && weatherTool && /\bweather\b/i.test(userText)) {
    blocks.push({ type: 'text', text: 'Let me check.' })
    blocks.push({ type: 'tool_use', id: `toolu_${call.hash.slice(0, 24)}`, name: 'get_weather', input: WEATHER_INPUT })
    return { blocks, stopReason: 'tool_use', inputTokens }
  }
  const answer = toolResult === undefined ? `Echo: ${userText}` : `Tool said: ${toolResult}`
  const structured = (isRecord(call.body.output_config) && isRecord(call.body.output_config.format)) || isRecord(call.body.output_format)
  blocks.push({ type: 'text', text: structured ? JSON.stringify({ answer }) : answer })
  return { blocks, stopReason: 'end_turn', inputTokens }
}

/** What thinking signatures look like: opaque base64. */
function signatureOf(hash: string): string {
  return Buffer.from(sha256(`signature ${hash}`).repeat(2), 'hex').toString('base64')
}

const outputTokens = (blocks: Block[]): number =>
  blocks.reduce(
    (sum, block) => sum + countWords(block.type === 'text' ? block.text : block.type === 'thinking' ? block.thinking : JSON.stringify(block.input)),
    0,
  )

function usage(inputTokens: number, output: number): Json {
  return { input_tokens: inputTokens, output_tokens: output, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, service_tier: 'standard' }
}

function message(call: Call, turn: Turn, content: Block[], stopReason: string | null, output: number): Json {
  return {
    id: `msg_${call.hash.slice(0, 24)}`,
    type: 'message',
    role: 'assistant',
    model: String(call.body.model),
    content,
    stop_reason: stopReason,
    stop_sequence: null,
    usage: usage(turn.inputTokens, output),
  }
}

const frame = (data: Json): string => `event: ${String(data.type)}\ndata: ${JSON.stringify(data)}\n\n`

function blockFrames(block: Block, index: number): string[] {
  const delta = (value: Json) => frame({ type: 'content_block_delta', index, delta: value })
  const start = (content_block: Json) => frame({ type: 'content_block_start', index, content_block })
  const stop = frame({ type: 'content_block_stop', index })
  switch (block.type) {
    case 'text':
      return [start({ type: 'text', text: '' }), ...splitWords(block.text).map((text) => delta({ type: 'text_delta', text })), stop]
    case 'thinking':
      return [
        start({ type: 'thinking', thinking: '', signature: '' }),
        ...splitWords(block.thinking).map((thinking) => delta({ type: 'thinking_delta', thinking })),
        delta({ type: 'signature_delta', signature: block.signature }),
        stop,
      ]
    case 'tool_use':
      return [
        start({ type: 'tool_use', id: block.id, name: block.name, input: {} }),
        ...splitFragments(JSON.stringify(block.input)).map((partial_json) => delta({ type: 'input_json_delta', partial_json })),
        stop,
      ]
  }
}

function streamFrames(call: Call, turn: Turn): string[] {
  const output = outputTokens(turn.blocks)
  const frames = [
    frame({ type: 'message_start', message: message(call, turn, [], null, 1) }),
    // The API sends pings; the SDKs never yield them.
    frame({ type: 'ping' }),
    ...turn.blocks.flatMap(blockFrames),
    frame({ type: 'message_delta', delta: { stop_reason: turn.stopReason, stop_sequence: null }, usage: { output_tokens: output } }),
    frame({ type: 'message_stop' }),
  ]
  if (call.body.model !== STREAM_ERROR_MODEL) return frames
  return [...frames.slice(0, 4), frame({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } })]
}

export async function handleMessages(call: Call): Promise<void> {
  const turn = planTurn(call)
  if (call.body.stream !== true) {
    return sendJson(call.res, { status: 200, body: message(call, turn, turn.blocks, turn.stopReason, outputTokens(turn.blocks)) })
  }
  const { res } = call
  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' })
  for (const [index, text] of streamFrames(call, turn).entries()) {
    if (index === 1 && call.body.model === GATED_MODEL) await call.waitForRelease()
    if (index > 0) await sleep(CHUNK_DELAY_MS)
    if (res.destroyed) return
    res.write(text)
  }
  res.end()
}

export function handleCountTokens(call: Call): void {
  const messages = records(call.body.messages)
  const tokens = messages.reduce((sum, item) => sum + countWords(contentText(item.content)), 0) + 3 + records(call.body.tools).length * 20
  sendJson(call.res, { status: 200, body: { input_tokens: tokens } })
}

/** A succeeded batch result's message, the same as a `messages.create` with these params would give. */
export function batchMessage(call: Call, params: Json, customId: string): Json {
  const sub: Call = { ...call, body: params, hash: sha256(`${call.hash} ${customId}`) }
  const turn = planTurn(sub)
  return message(sub, turn, turn.blocks, turn.stopReason, outputTokens(turn.blocks))
}
