import Anthropic from '@anthropic-ai/sdk'
import { createOpenAICompatible } from '@ai-sdk/openai-compatible'
import { generateText, streamText } from 'ai'
import { wrapAnthropic, wrapFetch, wrapOpenAI } from 'llm-cassettes'
import OpenAI from 'openai'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { startLlamaServer, type LlamaServer } from '../real-server/llama-server.js'

// The project's own suite, run the way users run theirs: through llm-cassettes, with its cassettes committed in
// the top-level cassettes/. `npm test` replays them with no server; `npm run test:real-server` runs it in
// `update` mode against llama.cpp's llama-server (scripts/llama-server/), recording only what no longer matches.

const goesLive = ['update', 'record', 'auto', 'live'].includes(process.env.LLM_CASSETTES_MODE ?? '')
/** In replay nothing is sent: any address would do, and this one refuses every connection. */
const NO_SERVER = 'http://127.0.0.1:9/v1'

let server: LlamaServer | undefined
beforeAll(async () => {
  if (goesLive) server = await startLlamaServer()
})
afterAll(() => server?.stop())

const baseURL = () => server?.url ?? NO_SERVER
/** llama-server samples deterministically with these: a re-record writes the same cassette. */
const SAMPLING = { temperature: 0, seed: 7 } as const

describe('openai SDK', () => {
  const client = () => wrapOpenAI(new OpenAI({ baseURL: baseURL(), apiKey: 'llama-server-needs-no-key', maxRetries: 0 }))

  test('chat completion', async () => {
    const completion = await client().chat.completions.create({
      model: 'tiny-random-llama',
      messages: [{ role: 'user', content: 'Say hello' }],
      max_tokens: 8,
      ...SAMPLING,
    })
    expect(completion.object).toBe('chat.completion')
    expect(completion.choices[0]?.message.content?.length).toBeGreaterThan(0)
    expect(['stop', 'length']).toContain(completion.choices[0]?.finish_reason)
    expect(completion.usage?.completion_tokens).toBeGreaterThan(0)
  })

  test('streamed chat completion with usage', async () => {
    const stream = await client().chat.completions.create({
      model: 'tiny-random-llama',
      messages: [{ role: 'user', content: 'Count to three' }],
      max_tokens: 8,
      stream: true,
      stream_options: { include_usage: true },
      ...SAMPLING,
    })
    let text = ''
    let usage: OpenAI.CompletionUsage | null | undefined
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? ''
      usage = chunk.usage ?? usage
    }
    expect(text.length).toBeGreaterThan(0)
    expect(usage?.total_tokens).toBeGreaterThan(0)
  })

  test('responses', async () => {
    const response = await client().responses.create({ model: 'tiny-random-llama', input: 'Name a colour', max_output_tokens: 8, temperature: 0 })
    expect(response.object).toBe('response')
    expect(response.output_text.length).toBeGreaterThan(0)
  })
})

describe('@anthropic-ai/sdk', () => {
  const client = () => wrapAnthropic(new Anthropic({ baseURL: baseURL().replace(/\/v1$/, ''), apiKey: 'llama-server-needs-no-key', maxRetries: 0 }))
  // SDK 1.x has no `temperature` any more; llama-server still reads it, and samples deterministically with 0.
  const params = (content: string): Anthropic.MessageCreateParamsNonStreaming & { temperature: number } => ({
    model: 'tiny-random-llama',
    max_tokens: 8,
    temperature: 0,
    messages: [{ role: 'user', content }],
  })

  test('message', async () => {
    const message = await client().messages.create(params('Say hello'))
    expect(message.type).toBe('message')
    expect(message.content[0]?.type).toBe('text')
    expect(message.usage.output_tokens).toBeGreaterThan(0)
  })

  test('message stream', async () => {
    const stream = client().messages.stream(params('Count to three'))
    const deltas: string[] = []
    stream.on('text', (text) => deltas.push(text))
    const text = await stream.finalText()
    expect(text).toBe(deltas.join(''))
    expect(text.length).toBeGreaterThan(0)
  })
})

describe('Vercel AI SDK through wrapFetch', () => {
  const model = () => createOpenAICompatible({ name: 'llama-server', baseURL: baseURL(), fetch: wrapFetch() })('tiny-random-llama')

  test('generateText', async () => {
    const { text, finishReason, usage } = await generateText({
      model: model(),
      prompt: 'Say hello',
      maxOutputTokens: 8,
      temperature: 0,
      seed: 7,
      maxRetries: 0,
    })
    expect(text.length).toBeGreaterThan(0)
    expect(['stop', 'length']).toContain(finishReason)
    expect(usage.outputTokens).toBeGreaterThan(0)
  })

  test('streamText', async () => {
    const result = streamText({ model: model(), prompt: 'Count to three', maxOutputTokens: 8, temperature: 0, seed: 7, maxRetries: 0 })
    let text = ''
    for await (const part of result.textStream) text += part
    expect(text).toBe(await result.text)
    expect(text.length).toBeGreaterThan(0)
  })
})
