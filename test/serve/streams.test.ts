import { rm } from 'node:fs/promises'
import OpenAI from 'openai'
import { afterAll, beforeAll, describe, expect, onTestFinished, test } from 'vitest'
import { cassettePathFor, namedCassettePath } from '../../src/cassette/paths.js'
import { startOpenAIServer, type OpenAIServer } from '../support/openai-server.js'
import { cassetteTexts, control, startServe, workDir } from './support.js'

// Streams through serve: each event reaches the client as the upstream sends it (never buffered), and concurrent
// streams for different cassettes (by header, by the control endpoint's base URL) each land in their own.
const KEY = 'sk-serve-streams-0123456789abcdefghij'

/** A client of serve for one cassette: named by header, or by a base URL of its own. */
const client = (baseURL: string, cassette?: string) =>
  new OpenAI({ baseURL, apiKey: KEY, maxRetries: 0, ...(cassette ? { defaultHeaders: { 'x-llm-cassette': encodeURIComponent(cassette) } } : {}) })

async function gatedStream(openai: OpenAI, content: string) {
  // `gated-model`: the server sends the first event, then waits for release() before the rest.
  const stream = await openai.chat.completions.create({ model: 'gated-model', stream: true, messages: [{ role: 'user', content }] })
  const iterator = stream[Symbol.asyncIterator]()
  const first = await Promise.race([
    iterator.next(),
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error('the first event did not arrive while the server held the rest')), 10_000)),
  ])
  return {
    role: first.value?.choices[0]?.delta.role,
    first: first.value?.choices[0]?.delta.content ?? '',
    async rest() {
      let text = ''
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) text += next.value.choices[0]?.delta.content ?? ''
      return text
    },
  }
}

describe('llm-cassettes serve: streams', () => {
  let dir: string
  let openai: OpenAIServer

  beforeAll(async () => {
    dir = await workDir('streams')
    openai = await startOpenAIServer()
  })

  afterAll(async () => {
    await openai?.close()
    await rm(dir, { recursive: true, force: true })
  })

  test('concurrent streams reach each client as they arrive and are recorded into their own cassettes, then replay', async () => {
    const serve = await startServe(dir, ['--upstream', openai.url])
    // Three at once: two named by header (a test label with a non-ASCII name, and a cassette name), one by base URL.
    const opened = await control(serve.url, 'POST', { test: 'e2e/chat.e2e.ts > by base URL' })
    const clients = {
      header: client(`${serve.url}/v1`, 'e2e/chat.e2e.ts > chat > grüße'),
      named: client(`${serve.url}/v1`, 'shared/greetings'),
      prefix: client(`${opened.json.baseURL}/v1`),
    }
    const streams = await Promise.all(Object.entries(clients).map(([name, openai]) => gatedStream(openai, `Hello from ${name}`)))
    // Every client has its first event, and the server has sent nothing more yet.
    expect(streams.map((stream) => stream.role)).toEqual(['assistant', 'assistant', 'assistant'])
    openai.release()
    const texts = await Promise.all(streams.map(async (stream) => stream.first + (await stream.rest())))
    expect(texts).toEqual(['Echo: Hello from header', 'Echo: Hello from named', 'Echo: Hello from prefix'])
    const stopped = await serve.stop()
    expect(stopped.code).toBe(0)
    expect(stopped.stdout).toContain('Cassettes  0 replayed · 3 recorded')

    const files = await cassetteTexts(dir)
    const paths = {
      header: cassettePathFor('', { file: 'e2e/chat.e2e.ts', names: ['chat', 'grüße'], occurrence: 1 }),
      named: namedCassettePath('', 'shared/greetings'),
      prefix: cassettePathFor('', { file: 'e2e/chat.e2e.ts', names: ['by base URL'], occurrence: 1 }),
    }
    expect(Object.keys(files)).toEqual(Object.values(paths).sort())
    for (const [name, path] of Object.entries(paths)) {
      const cassette = JSON.parse(files[path]!)
      expect(cassette.interactions).toHaveLength(1)
      expect(cassette.interactions[0].request.body.messages[0].content).toBe(`Hello from ${name}`)
      // Every event the client read is in the cassette, one chunk each.
      const chunks = cassette.interactions[0].response.body as { __data__: { choices: { delta: { content?: string } }[] } }[]
      expect(chunks.map((chunk) => chunk.__data__.choices[0]?.delta.content ?? '').join('')).toBe(`Echo: Hello from ${name}`)
    }
    expect(JSON.parse(files[paths.named]!).test).toBe('useCassette("shared/greetings")')

    // Replayed with the server stopped, concurrently again, in any order.
    await openai.close()
    const replaying = await startServe(dir, ['--upstream', openai.url, '--mode', 'replay'])
    const reopened = await control(replaying.url, 'POST', { test: 'e2e/chat.e2e.ts > by base URL' })
    const replays = {
      prefix: client(`${reopened.json.baseURL}/v1`),
      named: client(`${replaying.url}/v1`, 'shared/greetings'),
      header: client(`${replaying.url}/v1`, 'e2e/chat.e2e.ts > chat > grüße'),
    }
    const replayed = await Promise.all(
      Object.entries(replays).map(async ([name, openai]) => {
        const stream = await gatedStream(openai, `Hello from ${name}`)
        return stream.first + (await stream.rest())
      }),
    )
    expect(replayed).toEqual(['Echo: Hello from prefix', 'Echo: Hello from named', 'Echo: Hello from header'])
    const end = await replaying.stop()
    expect(end.stdout).toContain('Cassettes  3 replayed · 0 recorded · 0 obsolete · 0 missing')
    expect(await cassetteTexts(dir)).toEqual(files)
  })

  test('SIGTERM during a stream lets it finish, then writes its cassette whole', async () => {
    // The first test stopped its server.
    const openai = await startOpenAIServer()
    onTestFinished(() => openai.close())
    const serve = await startServe(dir, ['--upstream', openai.url])
    const stream = await gatedStream(client(`${serve.url}/v1`, 'e2e/stop.e2e.ts > stopped mid-stream'), 'Hello while stopping')
    serve.child.kill('SIGTERM')
    // serve takes no new requests (refused, or no connection), but the stream in flight goes on.
    const refused = async () =>
      fetch(`${serve.url}/__llm-cassettes/health`).then(
        (response) => response.status === 503,
        () => true,
      )
    await expect.poll(refused).toBe(true)
    openai.release()
    expect(stream.first + (await stream.rest())).toBe('Echo: Hello while stopping')
    const stopped = await serve.stop()
    expect(stopped.code).toBe(0)
    expect(stopped.stdout).toContain('Cassettes  0 replayed · 1 recorded')
    const path = cassettePathFor('', { file: 'e2e/stop.e2e.ts', names: ['stopped mid-stream'], occurrence: 1 })
    const cassette = JSON.parse((await cassetteTexts(dir))[path]!)
    const chunks = cassette.interactions[0].response.body as { __data__: { choices: { delta: { content?: string } }[] } }[]
    expect(chunks.map((chunk) => chunk.__data__.choices[0]?.delta.content ?? '').join('')).toBe('Echo: Hello while stopping')
  })
})
