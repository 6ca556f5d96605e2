import { mkdir, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { anthropicFormat } from '../../src/providers/anthropic/format.js'
import { encodeBody, encodeChunk } from '../../src/providers/openai/python-types.js'
import { serializeCassette } from '../../src/cassette/serialize.js'
import type { Interaction } from '../../src/cassette/types.js'
import { runCli } from '../../src/cli/main.js'

export async function cli(...argv: string[]) {
  const out: string[] = []
  const err: string[] = []
  const code = await runCli(argv, { out: (text) => out.push(text), err: (text) => err.push(text) })
  return { code, out: out.join('\n'), err: err.join('\n') }
}

export async function writeJson(dir: string, name: string, text: string): Promise<string> {
  const path = join(dir, name)
  await mkdir(dirname(path), { recursive: true })
  await writeFile(path, text)
  return path
}

export function writeCassette(dir: string, name: string, test: string, interactions: Interaction[]): Promise<string> {
  return writeJson(dir, name, serializeCassette({ version: 1, test, interactions }))
}

/** An interaction as the recorder stores it: typed bodies and chunks, no request headers. */
export function interaction(endpoint: string, body: Record<string, unknown>, reply: unknown, options: { stream?: boolean } = {}): Interaction {
  const model = typeof body['model'] === 'string' ? body['model'] : ''
  return {
    request: { method: 'POST', url: `https://api.openai.com${endpoint}`, headers: {}, body, endpoint, model },
    response: options.stream
      ? { body: (reply as unknown[]).map((chunk) => encodeChunk(endpoint, chunk)), is_streaming: true }
      : { body: encodeBody(endpoint, reply), is_streaming: false },
  }
}

export const chatJson = interaction(
  '/v1/chat/completions',
  {
    model: 'gpt-4o-mini',
    messages: [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: [{ type: 'text', text: 'Say hi' }] },
    ],
  },
  {
    id: 'chatcmpl-1',
    object: 'chat.completion',
    choices: [{ index: 0, message: { role: 'assistant', content: 'Hi there!' }, finish_reason: 'stop' }],
    usage: { prompt_tokens: 12, completion_tokens: 3, total_tokens: 15 },
  },
)

const chunk = (delta: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  id: 'chatcmpl-2',
  object: 'chat.completion.chunk',
  choices: [{ index: 0, delta }],
  ...extra,
})

export const chatStream = interaction(
  '/v1/chat/completions',
  { model: 'gpt-4o-mini', stream: true, messages: [{ role: 'user', content: 'Count to three' }] },
  [
    chunk({ role: 'assistant', content: '' }),
    chunk({ content: 'One, ' }),
    chunk({ content: 'two, ' }),
    chunk({ content: 'three.' }),
    { id: 'chatcmpl-2', object: 'chat.completion.chunk', choices: [], usage: { prompt_tokens: 9, completion_tokens: 6, total_tokens: 15 } },
  ],
  { stream: true },
)

const weatherCall = { id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }

export const toolConversation = [
  interaction(
    '/v1/chat/completions',
    { model: 'gpt-4o', messages: [{ role: 'user', content: 'Weather in Paris?' }], tools: [{ type: 'function', function: { name: 'get_weather' } }] },
    {
      id: 'chatcmpl-3',
      object: 'chat.completion',
      choices: [{ index: 0, message: { role: 'assistant', content: null, tool_calls: [weatherCall] }, finish_reason: 'tool_calls' }],
    },
  ),
  interaction(
    '/v1/chat/completions',
    {
      model: 'gpt-4o',
      messages: [
        { role: 'user', content: 'Weather in Paris?' },
        { role: 'assistant', content: null, tool_calls: [weatherCall] },
        { role: 'tool', tool_call_id: 'call_1', content: '18°C and sunny' },
      ],
    },
    {
      id: 'chatcmpl-4',
      object: 'chat.completion',
      choices: [{ index: 0, message: { role: 'assistant', content: 'It is 18°C and sunny in Paris.' }, finish_reason: 'stop' }],
    },
  ),
]

export const responsesStream = interaction(
  '/v1/responses',
  { model: 'gpt-4.1', stream: true, instructions: 'Answer in French.', input: 'Say hello' },
  [
    { type: 'response.created', response: { id: 'resp_1', object: 'response', status: 'in_progress' } },
    { type: 'response.output_text.delta', delta: 'Bon' },
    { type: 'response.output_text.delta', delta: 'jour !' },
    { type: 'response.output_text.done', text: 'Bonjour !' },
    { type: 'response.completed', response: { id: 'resp_1', object: 'response', usage: { input_tokens: 20, output_tokens: 4, total_tokens: 24 } } },
  ],
  { stream: true },
)

export const rateLimited: Interaction = {
  request: {
    method: 'POST',
    url: 'https://api.openai.com/v1/chat/completions',
    headers: {},
    endpoint: '/v1/chat/completions',
    model: 'gpt-4o',
    body: { model: 'gpt-4o', messages: [{ role: 'user', content: 'Hi' }] },
  },
  response: {
    body: null,
    is_streaming: false,
    is_exception: true,
    status: 429,
    exception_data: {
      type: 'RateLimitError',
      message: 'Error code: 429 - {"error":{"message":"Rate limit reached for gpt-4o","code":"rate_limit_exceeded"}}',
      status_code: 429,
      body: { message: 'Rate limit reached for gpt-4o', code: 'rate_limit_exceeded' },
    },
  },
}

export const embeddings = interaction(
  '/v1/embeddings',
  { model: 'text-embedding-3-small', input: ['a', 'b'] },
  {
    object: 'list',
    data: [
      { object: 'embedding', index: 0, embedding: [0.1, 0.2, 0.3] },
      { object: 'embedding', index: 1, embedding: [0.4, 0.5, 0.6] },
    ],
    usage: { prompt_tokens: 2, total_tokens: 2 },
  },
)

/** An Anthropic interaction as the recorder stores it: the body typed by the Anthropic format, stream events too. */
export function anthropicInteraction(endpoint: string, body: Record<string, unknown>, reply: unknown, options: { stream?: boolean } = {}): Interaction {
  const model = typeof body['model'] === 'string' ? body['model'] : ''
  const events = options.stream ? (reply as { type: string }[]) : []
  return {
    request: { method: 'POST', url: `https://api.anthropic.com${endpoint}`, headers: {}, body, endpoint, model },
    response: options.stream
      ? {
          body: events.flatMap((event) => anthropicFormat.encodeEvent(endpoint, { event: event.type, data: JSON.stringify(event) }, '')?.chunk ?? []),
          is_streaming: true,
        }
      : { body: anthropicFormat.encodeBody(endpoint, reply), is_streaming: false },
  }
}
