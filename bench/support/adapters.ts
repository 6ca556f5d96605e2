import { readFileSync } from 'node:fs'
import Anthropic from '@anthropic-ai/sdk'
import { Stream as AnthropicStream } from '@anthropic-ai/sdk/core/streaming'
import type OpenAI from 'openai'
import { Stream as OpenAIStream } from 'openai/core/streaming'
import { startAnthropicServer } from '../../test/support/anthropic-server/index.js'
import { untyped } from '../../src/cassette/typed-value.js'
import type { Cassette, Interaction } from '../../src/cassette/types.js'
import { wrapAnthropic, wrapFetch } from '../../src/index.js'
import { anthropicFormat } from '../../src/providers/anthropic/format.js'
import { BENCH_MODEL, chatChunks, chatInteraction, chatRequest } from './chat-cassette.js'
import { BENCH_API_KEY, DEAD_BASE_URL, drain, plainClient, wrappedClient } from './clients.js'
import { withLocalServer } from './local-server.js'
import { setUp } from './setup-error.js'

/**
 * One adapter as measures #1 (replay against its floor) and #3 (record mode against the unwrapped client) use
 * it: the same measures run over every entry of {@link ADAPTERS}.
 */
export interface Adapter {
  /** The public function measured. */
  name: 'wrapOpenAI' | 'wrapAnthropic' | 'wrapFetch'
  /** How rows of this adapter are told apart (`1`, `1-anthropic`, …) and its child-process measure ids. */
  suffix: string
  /** A cassette's one interaction: a streamed reply of `count` chunks (events) to `prompt`. */
  streamInteraction(prompt: string, count: number): Interaction
  /** Replays `prompt` from the cassette the session reads, through the wrapped client; resolves to the items the caller got. */
  replayer(): (prompt: string) => Promise<number>
  /** The least a replay can cost: read and parse the file, then hand the parsed chunks to the SDK (or the caller) as it would get them. */
  floor(path: string): Promise<number>
  /**
   * The SDK's own request path, which every call through the client takes and the floor leaves out: the same
   * streamed request, answered at once by an in-memory `fetch` with a stream of no events. Absent where the floor
   * already includes it (`wrapFetch`).
   */
  requestPath?(): () => Promise<number>
  /** Runs `body` with a local server of this API, recording and unwrapped clients calling it: each call streams one reply. */
  withRecordingClients<T>(body: (clients: { record: Call; live: Call }) => Promise<T>): Promise<T>
  /** What that server streams for #3's prompt. */
  recordedStream: string
}

/** One streamed call; yields the chunks as the caller gets them. */
type Call = (prompt: string) => Promise<AsyncIterable<unknown>>

const chunksOf = (path: string): unknown[] => ((JSON.parse(readFileSync(path, 'utf8')) as Cassette).interactions[0]!.response.body as unknown[]).map(untyped)

async function* each(chunks: readonly unknown[]) {
  for (const chunk of chunks) yield chunk
}

/** A `fetch` answering every request with this event-stream text, as if the server had sent it at once. */
const answeringAtOnce =
  (events: string): typeof globalThis.fetch =>
  async () =>
    new Response(events, { headers: { 'content-type': 'text/event-stream' } })

const openai: Adapter = {
  name: 'wrapOpenAI',
  suffix: '',
  recordedStream: 'a 23-chunk stream',
  streamInteraction: (prompt, count) => chatInteraction(prompt, chatChunks(count)),
  replayer() {
    const client = wrappedClient()
    return async (prompt) => drain(await client.chat.completions.create(chatRequest(prompt)))
  },
  floor: async (path) => drain(new OpenAIStream(() => each(chunksOf(path)), new AbortController())),
  requestPath() {
    const client = plainClient(DEAD_BASE_URL, answeringAtOnce('data: [DONE]\n\n'))
    return async () => drain(await client.chat.completions.create(chatRequest(BENCH_MODEL)))
  },
  withRecordingClients: (body) =>
    withLocalServer((server) => {
      const recording = wrappedClient(server.url)
      const unwrapped = plainClient(server.url)
      return body({
        record: (prompt) => recording.chat.completions.create(chatRequest(prompt)),
        live: (prompt) => unwrapped.chat.completions.create(chatRequest(prompt)),
      })
    }),
}

const ANTHROPIC_ENDPOINT = '/v1/messages'
const anthropicRequest = (prompt: string) => ({
  model: 'claude-bench',
  max_tokens: 4096,
  messages: [{ role: 'user' as const, content: prompt }],
  stream: true as const,
})

/** `count` events of a streamed Message as the API sends them: start, a text block of deltas, stop. */
function anthropicEvents(count: number): Record<string, unknown>[] {
  const message = {
    id: 'msg_bench',
    type: 'message',
    role: 'assistant',
    model: 'claude-bench',
    content: [],
    stop_reason: null,
    stop_sequence: null,
    usage: { input_tokens: 5, output_tokens: 1 },
  }
  const deltas = Array.from({ length: count - 5 }, (_, i) => ({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: ` word${i + 1}` } }))
  return [
    { type: 'message_start', message },
    { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
    ...deltas,
    { type: 'content_block_stop', index: 0 },
    { type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: count - 5 } },
    { type: 'message_stop' },
  ]
}

function anthropicClient(baseURL: string, record: boolean): Anthropic {
  const client = new Anthropic({ apiKey: BENCH_API_KEY, baseURL, maxRetries: 0 })
  return record ? wrapAnthropic(client) : client
}

const anthropic: Adapter = {
  name: 'wrapAnthropic',
  suffix: '-anthropic',
  recordedStream: 'a 26-event stream',
  streamInteraction(prompt, count) {
    const body = anthropicRequest(prompt)
    const chunks = anthropicEvents(count).map(
      (event) => anthropicFormat.encodeEvent(ANTHROPIC_ENDPOINT, { event: String(event.type), data: JSON.stringify(event) }, '')!.chunk,
    )
    return {
      request: { method: 'POST', url: `https://api.anthropic.com${ANTHROPIC_ENDPOINT}`, headers: {}, body, endpoint: ANTHROPIC_ENDPOINT, model: body.model },
      response: { body: chunks, is_streaming: true, headers: { 'request-id': 'req_bench' } },
    }
  },
  replayer() {
    const client = anthropicClient(DEAD_BASE_URL.replace(/\/v1$/, ''), true)
    return async (prompt) => drain(await client.messages.create(anthropicRequest(prompt)))
  },
  floor: async (path) => drain(new AnthropicStream(() => each(chunksOf(path)), new AbortController())),
  requestPath() {
    const client = new Anthropic({ apiKey: BENCH_API_KEY, baseURL: DEAD_BASE_URL.replace(/\/v1$/, ''), maxRetries: 0, fetch: answeringAtOnce('') })
    return async () => drain(await client.messages.create(anthropicRequest(BENCH_MODEL)))
  },
  async withRecordingClients(body) {
    const server = await setUp('the local Anthropic-compatible server on 127.0.0.1', () => startAnthropicServer())
    try {
      const recording = anthropicClient(server.url, true)
      const unwrapped = anthropicClient(server.url, false)
      return await body({
        record: (prompt) => recording.messages.create(anthropicRequest(prompt)),
        live: (prompt) => unwrapped.messages.create(anthropicRequest(prompt)),
      })
    } finally {
      await server.close()
    }
  },
}

/** Nothing may reach the network in a replay. */
const noNetwork: typeof globalThis.fetch = async () => {
  throw new Error('a replay went to the network')
}

/** The `openai` SDK over a `fetch`, as any SDK that takes one (Vercel AI SDK, LangChain.js) uses it. */
const overFetch = (baseURL: string, fetch: typeof globalThis.fetch): OpenAI => plainClient(baseURL, fetch as OpenAI['fetch'])

const fetchAdapter: Adapter = {
  name: 'wrapFetch',
  suffix: '-fetch',
  recordedStream: 'a 23-chunk stream',
  // The same recording as wrapOpenAI's, at the URL the SDK calls (wrapFetch knows no baseURL).
  streamInteraction(prompt, count) {
    const interaction = chatInteraction(prompt, chatChunks(count))
    return { ...interaction, request: { ...interaction.request, url: `${DEAD_BASE_URL}/chat/completions` } }
  },
  replayer() {
    const client = overFetch(DEAD_BASE_URL, wrapFetch(noNetwork))
    return async (prompt) => drain(await client.chat.completions.create(chatRequest(prompt)))
  },
  // What wrapFetch's caller gets from any replayer at the fetch level: the recorded events as SSE bytes, one
  // read per event as from the network, parsed by the SDK. (One string of all the bytes is slower for the SDK.)
  async floor(path) {
    const events = [...chunksOf(path).map((chunk) => `data: ${JSON.stringify(chunk)}\n\n`), 'data: [DONE]\n\n']
    const encoder = new TextEncoder()
    const body = () =>
      new ReadableStream<Uint8Array>({
        start(controller) {
          for (const event of events) controller.enqueue(encoder.encode(event))
          controller.close()
        },
      })
    const client = overFetch(DEAD_BASE_URL, async () => new Response(body(), { headers: { 'content-type': 'text/event-stream' } }))
    return drain(await client.chat.completions.create(chatRequest(BENCH_MODEL)))
  },
  withRecordingClients: (body) =>
    withLocalServer((server) => {
      const recording = overFetch(server.url, wrapFetch())
      const unwrapped = overFetch(server.url, (...args) => globalThis.fetch(...args))
      return body({
        record: (prompt) => recording.chat.completions.create(chatRequest(prompt)),
        live: (prompt) => unwrapped.chat.completions.create(chatRequest(prompt)),
      })
    }),
}

export const ADAPTERS: readonly Adapter[] = [openai, anthropic, fetchAdapter]

export function adapterBySuffix(suffix: string): Adapter {
  const found = ADAPTERS.find((adapter) => adapter.suffix === suffix)
  if (!found) throw new Error(`no adapter ${JSON.stringify(suffix)}`)
  return found
}
