import { afterEach, describe, expect, test } from 'vitest'
import { CassetteError, CassetteMissError, wrapFetch } from '../../src/index.js'
import { inTest, memoryStore } from './memory-session.js'
import { scriptServer, type Received, type Reply } from './script-server.js'

const servers: { close(): Promise<void> }[] = []
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close()
})

async function serve(reply: (request: Received) => Reply) {
  const server = await scriptServer(reply)
  servers.push(server)
  return server
}

/** The body's bytes, read chunk by chunk as a caller would. */
async function readAll(response: Response): Promise<{ text: string; reads: number }> {
  const reader = response.body!.getReader()
  const decoder = new TextDecoder()
  let text = ''
  let reads = 0
  for (let next = await reader.read(); !next.done; next = await reader.read()) {
    text += decoder.decode(next.value, { stream: true })
    reads += 1
  }
  return { text, reads }
}

/** Records `call` live, then replays it with the server gone: both responses' status, type and text. */
async function recordThenReplay(call: (fetch: typeof globalThis.fetch) => Promise<Response>) {
  const store = memoryStore()
  const fetch = wrapFetch()
  const live = await inTest(store, 'auto', async () => {
    const response = await call(fetch)
    return { status: response.status, type: response.headers.get('content-type'), ...(await readAll(response)) }
  })
  for (const server of servers.splice(0)) await server.close()
  const replayed = await inTest(store, 'replay', async () => {
    const response = await call(fetch)
    return { status: response.status, type: response.headers.get('content-type'), ...(await readAll(response)) }
  })
  return {
    live,
    replayed,
    cassette: JSON.parse(store.files.get('c.json')!) as { interactions: { request: Record<string, unknown>; response: Record<string, unknown> }[] },
  }
}

describe('wrapFetch: streams', () => {
  test('a stream of unknown shape replays byte for byte: comments, CRLF, ids, retry, [DONE], a cut-off last event', async () => {
    const pieces = [
      ': hi\n\n',
      'retry: 5\nevent: a\nid: 1\ndata: {"x":1}\n\n',
      'data: two\r\ndata: lines\r\n\r\n',
      'data:tight\n\n',
      'data: [DONE]\n\n',
      'data: cut',
    ]
    const server = await serve(() => ({ headers: { 'content-type': 'text/event-stream' }, pieces }))
    const { live, replayed, cassette } = await recordThenReplay((fetch) => fetch(`${server.url}/stream/things`, { method: 'POST', body: '{"q":1}' }))
    expect(live.text).toBe(pieces.join(''))
    expect(replayed.text).toBe(live.text)
    expect(replayed.type).toBe('text/event-stream; charset=utf-8')
    const [interaction] = cassette.interactions
    expect(interaction!.request).toMatchObject({ endpoint: '/stream/things', body: { q: 1 } })
    // Event by event as they came (the comment goes with the event after it), the last one, cut short by the
    // connection, kept as text.
    expect(interaction!.response['body']).toHaveLength(5)
    // One read per recorded event: the caller gets each event as its own chunk, in order.
    expect(replayed.reads).toBe(5)
  })

  test('newline-delimited JSON is recorded line by line and replays byte for byte', async () => {
    const pieces = ['{"message":{"content":"Hel"},"done":false}\n', '{"done":false,"message":{"content":"lo"}}\n{"done":true}\n']
    const server = await serve(() => ({ headers: { 'content-type': 'application/x-ndjson' }, pieces }))
    const { live, replayed, cassette } = await recordThenReplay((fetch) =>
      fetch(`${server.url}/api/chat`, { method: 'POST', body: '{"model":"llama3","stream":true}' }),
    )
    expect(replayed).toEqual({ ...live, reads: 3, type: 'application/x-ndjson' })
    expect(cassette.interactions[0]!.response).toMatchObject({
      is_streaming: true,
      content_type: 'application/x-ndjson',
      // A line whose keys a cassette would reorder is kept as text; one already in sorted order as its JSON.
      body: [
        { __type__: 'llm_cassettes.StreamLine', __data__: { text: '{"message":{"content":"Hel"},"done":false}\n' } },
        { done: false, message: { content: 'lo' } },
        { done: true },
      ],
    })
    expect(cassette.interactions[0]!.request['model']).toBe('llama3')
  })

  test('a Gemini stream is stored as GenerateContentResponse chunks and replays the same events', async () => {
    const chunk = (text: string) => ({ candidates: [{ content: { role: 'model', parts: [{ text }] }, index: 0 }], modelVersion: 'gemini-x' })
    const pieces = [`data: ${JSON.stringify(chunk('Hel'))}\r\n\r\n`, `data: ${JSON.stringify(chunk('lo'))}\r\n\r\n`]
    const server = await serve(() => ({ headers: { 'content-type': 'text/event-stream' }, pieces }))
    const { live, replayed, cassette } = await recordThenReplay((fetch) =>
      fetch(`${server.url}/v1beta/models/gemini-x:streamGenerateContent?alt=sse`, { method: 'POST', body: '{"contents":[]}' }),
    )
    // The same events, each with the same JSON value; a cassette keeps JSON with sorted keys, so not the same bytes.
    const events = (text: string) =>
      text
        .split('\r\n\r\n')
        .filter(Boolean)
        .map((event) => JSON.parse(event.replace(/^data: /, '')) as unknown)
    expect(events(replayed.text)).toEqual(events(live.text))
    expect(replayed.text).toMatch(/^(data: [^\r\n]+\r\n\r\n){2}$/)
    const { request, response } = cassette.interactions[0]!
    expect(request).toMatchObject({ endpoint: '/v1beta/models/gemini-x:streamGenerateContent', model: 'gemini-x' })
    expect(response['body']).toEqual([chunk('Hel'), chunk('lo')].map((data) => ({ __type__: 'google.genai.types.GenerateContentResponse', __data__: data })))
  })
})

describe('wrapFetch: requests in every form fetch takes', () => {
  test('a Request with a stream body, URL objects and header arrays match the same recording', async () => {
    const server = await serve(() => ({ headers: { 'content-type': 'application/json' }, pieces: ['{"ok":true}'] }))
    const store = memoryStore()
    const fetch = wrapFetch()
    const body = '{"model":"m","input":"hi"}'
    await inTest(store, 'auto', async () => {
      const response = await fetch(`${server.url}/v1/embeddings`, { method: 'POST', headers: { 'content-type': 'application/json' }, body })
      expect(await response.json()).toEqual({ ok: true })
    })
    expect(server.received).toHaveLength(1)
    await inTest(store, 'replay', async () => {
      const stream = new ReadableStream({
        start(controller) {
          controller.enqueue(new TextEncoder().encode(body))
          controller.close()
        },
      })
      const request = new Request(new URL(`${server.url}/v1/embeddings`), {
        method: 'POST',
        body: stream,
        duplex: 'half',
        headers: [['content-type', 'application/json']],
      } as RequestInit)
      expect(await (await fetch(request)).json()).toEqual({ ok: true })
    })
  })

  test('a FormData body is sent live whole and matched by its fields and file hashes', async () => {
    const server = await serve(() => ({ headers: { 'content-type': 'application/json' }, pieces: ['{"text":"hi"}'] }))
    const store = memoryStore()
    const fetch = wrapFetch()
    const form = () => {
      const data = new FormData()
      data.set('model', 'whisper-1')
      data.set('file', new Blob([new Uint8Array([1, 2, 3])], { type: 'audio/wav' }), 'a.wav')
      return data
    }
    await inTest(store, 'auto', async () =>
      expect(await (await fetch(`${server.url}/v1/audio/transcriptions`, { method: 'POST', body: form() })).json()).toEqual({ text: 'hi' }),
    )
    expect(server.received[0]!.body).toContain('whisper-1')
    await inTest(store, 'replay', async () =>
      expect(await (await fetch(`${server.url}/v1/audio/transcriptions`, { method: 'POST', body: form() })).json()).toEqual({ text: 'hi' }),
    )
    const stored = JSON.parse(store.files.get('c.json')!).interactions[0].request
    expect(stored).toMatchObject({ endpoint: '/v1/audio/transcriptions', model: 'whisper-1', body: { file: { __file__: { filename: 'a.wav', size: 3 } } } })
  })
})

describe('wrapFetch: credentials', () => {
  test('keys in headers and in the query are never stored, and a different key still matches', async () => {
    const server = await serve(() => ({ headers: { 'content-type': 'application/json' }, pieces: ['{"candidates":[]}'] }))
    const store = memoryStore()
    const fetch = wrapFetch()
    const call = (key: string, inQuery = true) =>
      fetch(`${server.url}/v1beta/models/gemini-x:generateContent${inQuery ? `?key=${key}` : ''}`, {
        method: 'POST',
        headers: { 'x-goog-api-key': key, authorization: `Bearer ${key}` },
        body: '{"contents":[{"parts":[{"text":"hi"}]}]}',
      })
    await inTest(store, 'auto', async () => expect((await call('AIzaSyPlantedKey0123456789abcdefghijklm')).status).toBe(200))
    const text = store.files.get('c.json')!
    expect(text).not.toContain('AIzaSyPlantedKey')
    expect(JSON.parse(text).interactions[0].request.url).toBe(`${server.url}/v1beta/models/gemini-x:generateContent?key=%5BREDACTED%5D`)
    await inTest(store, 'replay', async () => expect((await call('AIzaSyOtherKey')).status).toBe(200))
    // Credentials are not part of the match: the same request with its key only in a header replays too.
    await inTest(store, 'replay', async () => expect((await call('AIzaSyOtherKey', false)).status).toBe(200))
  })

  test.each([
    ['OpenAI', 'sk-proj-Planted0123456789abcdefABCDEF'],
    ['Anthropic', 'sk-ant-api03-Planted0123456789abcdefABCDEF'],
    ['Google', 'AIzaSyPlanted0123456789abcdefABCDEFGHIJ'],
  ])('a %s-shaped key in the body that no header sent is refused by its shape: nothing is written', async (_provider, planted) => {
    const server = await serve(() => ({ headers: { 'content-type': 'application/json' }, pieces: ['{"id":"x"}'] }))
    const store = memoryStore()
    const fetch = wrapFetch()
    await expect(
      inTest(store, 'auto', async () => {
        await (
          await fetch(`${server.url}/v1/chat/completions`, {
            method: 'POST',
            body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content: planted }] }),
          })
        ).json()
      }),
    ).rejects.toMatchObject({ code: 'ERR_CASSETTE_SECRET' })
    expect(store.files.size).toBe(0)
  })
})

describe('wrapFetch: errors reach the caller', () => {
  test('plain fetch code: the miss is thrown, naming the recording of the same call', async () => {
    const server = await serve(() => ({ headers: { 'content-type': 'application/json' }, pieces: ['{}'] }))
    const store = memoryStore()
    const fetch = wrapFetch()
    await inTest(store, 'auto', () =>
      fetch(`${server.url}/v1/chat/completions`, { method: 'POST', body: '{"model":"m","messages":[{"role":"user","content":"a"}]}' }),
    )
    const miss = await inTest(store, 'replay', () =>
      fetch(`${server.url}/v1/chat/completions`, { method: 'POST', body: '{"model":"m","messages":[{"role":"user","content":"b"}]}' }).catch(
        (error: unknown) => error,
      ),
    )
    expect(miss).toBeInstanceOf(CassetteMissError)
    expect((miss as Error).message).toContain('recording #1, POST /v1/chat/completions (model m), differs in:')
    expect((miss as Error).message).toContain('body.messages[0].content: recorded "a", now "b"')
    expect((miss as Record<symbol, unknown>)[Symbol.for('langchain.errors.retryable')]).toBe(false)
  })

  test('a Stainless SDK (x-stainless-* headers) gets a 200 whose body fails with the miss, JSON or event stream', async () => {
    const fetch = wrapFetch()
    for (const [body, type] of [
      ['{"model":"m"}', 'application/json'],
      ['{"model":"m","stream":true}', 'text/event-stream'],
    ] as const) {
      const response = await inTest(memoryStore(), 'replay', () =>
        fetch('http://127.0.0.1:9/v1/chat/completions', { method: 'POST', headers: { 'x-stainless-retry-count': '0' }, body }),
      )
      expect(response.status).toBe(200)
      expect(response.headers.get('content-type')).toBe(type)
      await expect(response.text()).rejects.toBeInstanceOf(CassetteMissError)
    }
  })

  test('outside a test, the call is refused as wrapOpenAI refuses it', async () => {
    await expect(wrapFetch()('http://127.0.0.1:9/v1/models')).rejects.toMatchObject({ code: 'ERR_CASSETTE_NO_TEST' })
  })

  test('a replayed error the client will retry asks for no wait', async () => {
    const server = await serve(() => ({
      status: 429,
      headers: { 'content-type': 'application/json', 'retry-after': '20' },
      pieces: ['{"error":{"message":"slow down"}}'],
    }))
    const store = memoryStore()
    const fetch = wrapFetch()
    const call = () => fetch(`${server.url}/v1/chat/completions`, { method: 'POST', body: '{"model":"m"}' })
    const live = await inTest(store, 'auto', call)
    expect(live.headers.get('retry-after-ms')).toBeNull()
    const replayed = await inTest(store, 'replay', call)
    expect(replayed.status).toBe(429)
    expect(replayed.headers.get('retry-after')).toBe('20')
    expect(replayed.headers.get('retry-after-ms')).toBe('0.001')
    expect(await replayed.json()).toEqual({ error: { message: 'slow down' } })
  })

  test('wrapFetch refuses what is not a fetch, and wrapping twice changes nothing', () => {
    expect(() => wrapFetch(42 as never)).toThrow(CassetteError)
    const once = wrapFetch()
    expect(wrapFetch(once)).toBe(once)
  })
})

describe('wrapFetch: typed streams keep event names, ids and endings', () => {
  test('an OpenAI-compatible stream with ids and names replays them; [DONE] comes back last', async () => {
    const chunk = (content: string) => JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', choices: [{ index: 0, delta: { content } }] })
    const pieces = [`id: 1\ndata: ${chunk('Hel')}\n\n`, `event: delta\ndata: ${chunk('lo')}\n\n`, `data: ${chunk('!')}\n\n`, 'data: [DONE]\n\n']
    const server = await serve(() => ({ headers: { 'content-type': 'text/event-stream' }, pieces }))
    const { live, replayed, cassette } = await recordThenReplay((fetch) =>
      fetch(`${server.url}/v1/chat/completions`, { method: 'POST', body: '{"model":"m","stream":true}' }),
    )
    // Each event's fields, its data as JSON (a typed chunk's keys come back sorted).
    const events = (text: string) =>
      text
        .split('\n\n')
        .filter(Boolean)
        .map((event) => event.split('\n').map((line) => (line.startsWith('data: {') ? JSON.parse(line.slice(6)) : line)) as unknown)
    expect(events(replayed.text)).toEqual(events(live.text))
    expect(replayed.text.endsWith('data: [DONE]\n\n')).toBe(true)
    const body = cassette.interactions[0]!.response['body'] as { __type__: string }[]
    expect(body.map((stored) => stored.__type__)).toEqual([
      'llm_cassettes.ServerSentEvent',
      'llm_cassettes.ServerSentEvent',
      'openai.types.chat.chat_completion_chunk.ChatCompletionChunk',
    ])
  })

  test('an Anthropic stream replays its event names, ping included, and ends with message_stop', async () => {
    const event = (type: string, data: object = {}) => `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`
    const pieces = [
      event('message_start', { message: { id: 'msg_1', type: 'message', role: 'assistant', content: [] } }),
      event('ping'),
      event('content_block_delta', { index: 0, delta: { type: 'text_delta', text: 'Hi' } }),
      event('message_stop'),
    ]
    const server = await serve(() => ({ headers: { 'content-type': 'text/event-stream' }, pieces }))
    const { live, replayed } = await recordThenReplay((fetch) =>
      fetch(`${server.url}/v1/messages`, { method: 'POST', body: '{"model":"claude","stream":true}' }),
    )
    const names = (text: string) => [...text.matchAll(/^event: (.*)$/gm)].map((match) => match[1])
    expect(names(replayed.text)).toEqual(names(live.text))
    expect(names(replayed.text)).toEqual(['message_start', 'ping', 'content_block_delta', 'message_stop'])
  })
})

describe('wrapFetch: keys in CI', () => {
  test('a request carrying only the runner’s placeholder key cannot go live: the error names the variable to set', async () => {
    const { PLACEHOLDER_API_KEY } = await import('../../src/safety/placeholder-key.js')
    const fetch = wrapFetch()
    const error = await inTest(memoryStore(), 'auto', () =>
      fetch('http://127.0.0.1:9/v1beta/models/gemini-2.5-flash:generateContent', {
        method: 'POST',
        headers: { 'x-goog-api-key': PLACEHOLDER_API_KEY },
        body: '{}',
      }),
    ).catch((thrown: unknown) => thrown)
    expect(error).toMatchObject({ code: 'ERR_CASSETTE_NO_API_KEY' })
    expect((error as Error).message).toContain('GEMINI_API_KEY (@google/genai) or GOOGLE_GENERATIVE_AI_API_KEY (@ai-sdk/google) is not set')
  })

  test('the runner gives the Google SDKs’ key variables the placeholder, but never next to a real key or under Vertex AI', async () => {
    const { setPlaceholderKeys } = await import('../../src/runner/placeholder-keys.js')
    const { PLACEHOLDER_API_KEY } = await import('../../src/safety/placeholder-key.js')
    const none: NodeJS.ProcessEnv = {}
    setPlaceholderKeys(none)
    expect(none).toMatchObject({ GOOGLE_GENERATIVE_AI_API_KEY: PLACEHOLDER_API_KEY, GEMINI_API_KEY: PLACEHOLDER_API_KEY })
    const google: NodeJS.ProcessEnv = { GOOGLE_API_KEY: 'real' }
    setPlaceholderKeys(google)
    expect(google['GEMINI_API_KEY']).toBeUndefined()
    const vertex: NodeJS.ProcessEnv = { GOOGLE_GENAI_USE_VERTEXAI: 'true' }
    setPlaceholderKeys(vertex)
    expect(vertex['GEMINI_API_KEY']).toBeUndefined()
  })
})
