import OpenAI, { APIError, OpenAIError } from 'openai'
import { Stream } from 'openai/core/streaming'
import { describe, expect, test } from 'vitest'
import type { CassetteStore } from '../../src/cassette/store.js'
import type { Cassette } from '../../src/cassette/types.js'
import { unwrapOpenAI, wrapOpenAI } from '../../src/index.js'
import { CassetteSession } from '../../src/session/cassette-session.js'
import { runWithSession } from '../../src/session/current.js'

const ENDPOINT = '/v1/chat/completions'
const request = { model: 'm', messages: [{ role: 'user' as const, content: 'hi' }], stream: true as const }
const chunk = (content: string, extra: Record<string, unknown> = {}) => ({
  id: 'c1',
  object: 'chat.completion.chunk',
  choices: [{ index: 0, delta: { content }, finish_reason: null }],
  ...extra,
})

function cassetteOf(chunks: unknown[]): Cassette {
  return {
    version: 1,
    test: 't',
    interactions: [
      {
        request: { method: 'POST', url: `https://api.openai.com${ENDPOINT}`, headers: {}, body: request, endpoint: ENDPOINT, model: 'm' },
        response: {
          body: chunks.map((data) => ({ __type__: 'openai.types.chat.chat_completion_chunk.ChatCompletionChunk', __data__: data })),
          is_streaming: true,
        },
      },
    ],
  }
}

/** Runs `body` as one replaying test attempt over a cassette held in memory. */
function replaying<T>(chunks: unknown[], body: () => Promise<T>): Promise<T> {
  const store: CassetteStore = { read: async () => cassetteOf(chunks), update: async () => 'unchanged' }
  const session = new CassetteSession({
    cassettePath: 'memory.json',
    displayPath: 'memory.json',
    test: 't',
    resolveMode: () => ({ mode: 'replay', reason: 'test' }),
    recordCommand: '',
    store,
  })
  return runWithSession(session, body)
}

const newClient = () => wrapOpenAI(new OpenAI({ apiKey: 'sk-unit-0123456789', baseURL: 'http://127.0.0.1:9/v1', maxRetries: 0 }))
const chunks = [chunk('a'), chunk('b'), chunk('c')]

async function contents(stream: AsyncIterable<{ choices: { delta: { content?: string | null } }[] }>): Promise<string[]> {
  const seen: string[] = []
  for await (const item of stream) seen.push(item.choices[0]?.delta.content ?? '')
  return seen
}

describe('a replayed stream is served from its recorded chunks', () => {
  test('the SDK gets its own Stream of the parsed chunks and never reads the SSE body', async () => {
    await replaying(chunks, async () => {
      const { data, response } = await newClient().chat.completions.create(request).withResponse()
      expect(data).toBeInstanceOf(Stream)
      expect(await contents(data)).toEqual(['a', 'b', 'c'])
      expect(response.bodyUsed).toBe(false)
      await expect(contents(data)).rejects.toThrow(OpenAIError)
    })
  })

  test('asResponse() still reads server-sent events', async () => {
    await replaying(chunks, async () => {
      const text = await (await newClient().chat.completions.create(request).asResponse()).text()
      expect(text).toBe(`${chunks.map((c) => `data: ${JSON.stringify(c)}\n\n`).join('')}data: [DONE]\n\n`)
    })
  })

  test('break and abort end it as live: the request is aborted and nothing more is yielded', async () => {
    await replaying(chunks, async () => {
      const stream = await newClient().chat.completions.create(request)
      for await (const _item of stream) break
      expect(stream.controller.signal.aborted).toBe(true)
    })
    await replaying(chunks, async () => {
      const stream = await newClient().chat.completions.create(request)
      const seen: unknown[] = []
      for await (const item of stream) {
        seen.push(item)
        stream.controller.abort()
      }
      expect(seen).toHaveLength(1)
    })
  })

  test('tee() and toReadableStream() see every chunk', async () => {
    await replaying(chunks, async () => {
      const [left, right] = (await newClient().chat.completions.create(request)).tee()
      expect(await contents(left)).toEqual(['a', 'b', 'c'])
      expect(await contents(right)).toEqual(['a', 'b', 'c'])
    })
    await replaying(chunks, async () => {
      const readable = (await newClient().chat.completions.create(request)).toReadableStream()
      expect(await contents(Stream.fromReadableStream(readable, new AbortController()))).toEqual(['a', 'b', 'c'])
    })
  })

  test('a recorded error chunk goes through the SSE path and throws the SDK error, as live', async () => {
    await replaying([chunk('a'), { error: { message: 'boom' } }], async () => {
      const stream = await newClient().chat.completions.create(request)
      await expect(contents(stream)).rejects.toThrow(APIError)
    })
  })

  test('unwrapOpenAI() removes the hook', () => {
    const client = newClient()
    expect(Object.hasOwn(client, 'request')).toBe(true)
    unwrapOpenAI(client)
    expect(Object.hasOwn(client, 'request')).toBe(false)
  })
})
