import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { serveCassettes, type CassettesServer } from 'llm-cassettes/serve'
import { startApp, type App } from './start-app.js'

// The app runs in its own process and calls OpenAI and Anthropic through their SDKs, with no idea of cassettes.
// serveCassettes() starts `llm-cassettes serve` in this test process, and `llm.env` points the app's SDKs at it:
// each test's calls land in that test's own cassette (../cassettes/serve-app/app.e2e.test.ts/), as in-process calls
// would, and replay from it from then on, with no network and no key. They were recorded once against local
// servers: OPENAI_UPSTREAM and ANTHROPIC_UPSTREAM say where calls go live (default: the providers' APIs, with
// OPENAI_API_KEY and ANTHROPIC_API_KEY from this process's environment).
let llm: CassettesServer
let app: App

beforeAll(async () => {
  llm = await serveCassettes({ upstreams: { openai: process.env.OPENAI_UPSTREAM, anthropic: process.env.ANTHROPIC_UPSTREAM } })
  app = await startApp(llm.env)
})

afterAll(async () => {
  await app?.stop()
  await llm?.close()
})

describe('serve-app', () => {
  test('replies from a streamed chat completion', async () => {
    const response = await app.post('/reply', { question: 'Say hello to the cassettes' })
    expect(await response.json()).toEqual({ reply: 'Echo: Say hello to the cassettes' })
  })

  test('writes a haiku from a message', async () => {
    const response = await app.post('/haiku', { topic: 'tape' })
    expect(await response.json()).toEqual({ haiku: 'Echo: A haiku about tape' })
  })

  test('passes a message stream on as it arrives', async () => {
    const response = await app.post('/story', { topic: 'a robot' })
    expect(response.headers.get('content-type')).toContain('text/plain')
    expect(await response.text()).toBe('Echo: A very short story about a robot')
  })
})
