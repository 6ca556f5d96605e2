import Anthropic from '@anthropic-ai/sdk'
import OpenAI from 'openai'
import { encodeBody, encodeChunk } from '../../../src/providers/openai/python-types.js'
import { anthropicFormat } from '../../../src/providers/anthropic/format.js'
import type { Cassette, Interaction } from '../../../src/cassette/types.js'
import { wrapAnthropic, wrapOpenAI } from '../../../src/index.js'

/** Nothing listens here: a replay that reached the network would fail with a connection error. */
const DEAD = 'http://127.0.0.1:9'

export const openai = () => wrapOpenAI(new OpenAI({ apiKey: 'sk-fuzz-0123456789abcdef', baseURL: `${DEAD}/v1`, maxRetries: 2 }))
export const anthropic = () => wrapAnthropic(new Anthropic({ apiKey: 'sk-ant-fuzz-0123456789', baseURL: DEAD, maxRetries: 2 }))

type Call = () => Promise<unknown>

/** One recorded call: its cassette interaction and the SDK call that replays it, consumed to the end. */
export interface FuzzCase {
  name: string
  interaction: Interaction
  call: Call
}

const CHAT = '/v1/chat/completions'
const chatBody = (stream: boolean) => ({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }], ...(stream ? { stream: true } : {}) })
const request = (endpoint: string, body: unknown, url = `https://api.openai.com${endpoint}`) => ({
  method: 'POST',
  url,
  headers: {},
  body,
  endpoint,
  model: (body as { model?: string }).model ?? '',
})

/** Reads whatever the SDK returned to its end: streams are iterated, binary responses read. */
export async function consume(result: unknown): Promise<unknown> {
  if (result && typeof (result as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function') {
    const items: unknown[] = []
    for await (const item of result as AsyncIterable<unknown>) items.push(item)
    return items
  }
  if (result instanceof Response) return new Uint8Array(await result.arrayBuffer())
  return result
}

const completion = {
  id: 'chatcmpl-1',
  object: 'chat.completion',
  created: 1700000000,
  model: 'gpt-4o-mini',
  choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: 'Hello', refusal: null } }],
  usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
}
const chunk = (content: string, finish: string | null = null) => ({
  id: 'chatcmpl-2',
  object: 'chat.completion.chunk',
  created: 1700000000,
  model: 'gpt-4o-mini',
  choices: [{ index: 0, delta: { content }, finish_reason: finish }],
})
const responsesEvents = [
  { type: 'response.created', sequence_number: 0, response: { id: 'resp_1', object: 'response', status: 'in_progress', output: [] } },
  { type: 'response.output_text.delta', sequence_number: 1, item_id: 'msg_1', output_index: 0, content_index: 0, delta: 'Hel' },
  { type: 'response.output_text.delta', sequence_number: 2, item_id: 'msg_1', output_index: 0, content_index: 0, delta: 'lo' },
  { type: 'response.completed', sequence_number: 3, response: { id: 'resp_1', object: 'response', status: 'completed', output: [] } },
]
const message = {
  id: 'msg_1',
  type: 'message',
  role: 'assistant',
  model: 'claude-x',
  content: [{ type: 'text', text: 'Hello' }],
  stop_reason: 'end_turn',
  stop_sequence: null,
  usage: { input_tokens: 1, output_tokens: 1 },
}
const anthropicEvents = [
  { type: 'message_start', message: { ...message, content: [], stop_reason: null } },
  { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
  { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Hel' } },
  { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'lo' } },
  { type: 'content_block_stop', index: 0 },
  { type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: 2 } },
  { type: 'message_stop' },
]
const MESSAGES = '/v1/messages'
const messagesBody = (stream: boolean) => ({
  model: 'claude-x',
  max_tokens: 16,
  messages: [{ role: 'user', content: 'hi' }],
  ...(stream ? { stream: true } : {}),
})

export const FUZZ_CASES: FuzzCase[] = [
  {
    name: 'chat completion',
    interaction: {
      request: request(CHAT, chatBody(false)),
      response: { body: encodeBody(CHAT, completion), is_streaming: false, headers: { 'x-request-id': 'req_1' } },
    },
    call: () => openai().chat.completions.create(chatBody(false) as never),
  },
  {
    name: 'chat stream',
    interaction: {
      request: request(CHAT, chatBody(true)),
      response: { body: [chunk('Hel'), chunk('lo'), chunk('', 'stop')].map((data) => encodeChunk(CHAT, data)), is_streaming: true },
    },
    call: () => openai().chat.completions.create(chatBody(true) as never),
  },
  {
    name: 'chat error 400',
    interaction: {
      request: request(CHAT, { ...chatBody(false), model: 'bad-request' }),
      response: {
        body: null,
        is_streaming: false,
        is_exception: true,
        status: 400,
        headers: { 'retry-after-ms': '10', 'x-request-id': 'req_2' },
        exception_data: { type: 'BadRequestError', message: 'Error code: 400', status_code: 400, body: { message: 'slow down', type: 'rate_limit' } },
      },
    },
    call: () => openai().chat.completions.create({ ...chatBody(false), model: 'bad-request' } as never),
  },
  {
    name: 'responses stream',
    interaction: {
      request: request('/v1/responses', { model: 'gpt-4o-mini', input: 'hi', stream: true }),
      response: { body: responsesEvents.map((data) => encodeChunk('/v1/responses', data)), is_streaming: true },
    },
    call: () => openai().responses.create({ model: 'gpt-4o-mini', input: 'hi', stream: true }),
  },
  {
    name: 'audio speech (binary body)',
    interaction: {
      request: request('/v1/audio/speech', { model: 'tts-1', input: 'hi', voice: 'alloy' }),
      response: {
        body: { __type__: 'llm_cassettes.BinaryBody', __data__: { base64: Buffer.from('ID3 audio bytes').toString('base64'), content_type: 'audio/mpeg' } },
        is_streaming: false,
      },
    },
    call: () => openai().audio.speech.create({ model: 'tts-1', input: 'hi', voice: 'alloy' }),
  },
  {
    name: 'anthropic message',
    interaction: {
      request: request(MESSAGES, messagesBody(false), `https://api.anthropic.com${MESSAGES}`),
      response: { body: anthropicFormat.encodeBody(MESSAGES, message), is_streaming: false },
    },
    call: () => anthropic().messages.create(messagesBody(false) as never),
  },
  {
    name: 'anthropic stream',
    interaction: {
      request: request(MESSAGES, messagesBody(true), `https://api.anthropic.com${MESSAGES}`),
      response: {
        body: anthropicEvents.map((event) => anthropicFormat.encodeEvent(MESSAGES, { event: event.type, data: JSON.stringify(event) }, '')!.chunk),
        is_streaming: true,
      },
    },
    call: () => anthropic().messages.create(messagesBody(true) as never),
  },
]

export const cassetteOf = (interaction: Interaction): Cassette => ({ version: 1, test: 'fuzz', interactions: [interaction] })
