import { rm } from 'node:fs/promises'
import { afterAll, beforeAll, describe, expect, onTestFinished, test } from 'vitest'
import { cassettePathFor, type TestIdentity } from '../../src/cassette/paths.js'
import { PLACEHOLDER_API_KEY } from '../../src/safety/placeholder-key.js'
import { startApp, type App } from '../../examples/serve-app/start-app.js'
import { startAnthropicServer, type AnthropicServer } from '../support/anthropic-server/index.js'
import { startOpenAIServer, type OpenAIServer } from '../support/openai-server.js'
import { cassetteTexts, control, startServe, workDir } from './support.js'

// The example app (examples/serve-app) in its own process, its SDKs pointed at `llm-cassettes serve` (the CLI from
// dist/), each test's cassette opened and ended through the control endpoint: recorded against the hand-made OpenAI
// and Anthropic servers, then replayed with them stopped.
const OPENAI_KEY = 'sk-serve-openai-0123456789abcdefghij'
const ANTHROPIC_KEY = 'sk-ant-api03-serve-0123456789abcdefghij'

interface Step {
  identity: TestIdentity
  path: string
  body: Record<string, string>
}

const STEPS: Step[] = [
  { identity: { file: 'e2e/app.e2e.ts', names: ['serve-app', 'replies'], occurrence: 1 }, path: '/reply', body: { question: 'Say hello' } },
  { identity: { file: 'e2e/app.e2e.ts', names: ['serve-app', 'haiku'], occurrence: 1 }, path: '/haiku', body: { topic: 'tape' } },
  { identity: { file: 'e2e/app.e2e.ts', names: ['serve-app', 'story'], occurrence: 1 }, path: '/story', body: { topic: 'a robot' } },
]

const appEnv = (url: string) => ({
  OPENAI_BASE_URL: `${url}/v1`,
  ANTHROPIC_BASE_URL: url,
  // What the runner integrations give an app: serve adds its own keys.
  OPENAI_API_KEY: PLACEHOLDER_API_KEY,
  ANTHROPIC_API_KEY: PLACEHOLDER_API_KEY,
})

/** Opens each step's cassette, calls the app, ends it; returns what the app answered and what each end said. */
async function runSteps(url: string, app: App) {
  const outputs: string[] = []
  const ends: Record<string, any>[] = []
  for (const step of STEPS) {
    const opened = await control(url, 'POST', { file: step.identity.file, names: step.identity.names })
    expect(opened.status).toBe(200)
    expect(opened.json.cassette).toBe(`cassettes/${cassettePathFor('', step.identity)}`)
    const response = await app.post(step.path, step.body)
    outputs.push(`${response.status} ${await response.text()}`)
    const ended = await control(url, 'DELETE')
    expect(ended.status).toBe(200)
    ends.push(ended.json)
  }
  return { outputs, ends }
}

describe('llm-cassettes serve: the example app recorded against the hand-made servers, replayed with them stopped', () => {
  let dir: string
  let openai: OpenAIServer
  let anthropic: AnthropicServer

  beforeAll(async () => {
    dir = await workDir('record-replay')
    openai = await startOpenAIServer()
    anthropic = await startAnthropicServer()
  })

  afterAll(async () => {
    await openai?.close()
    await anthropic?.close()
    await rm(dir, { recursive: true, force: true })
  })

  test('records each test into its own cassette, then replays it offline, byte for byte the same answers', async () => {
    const upstreams = ['--upstream-openai', openai.url, '--upstream-anthropic', anthropic.url]
    const recording = await startServe(dir, ['--mode', 'auto', ...upstreams], { OPENAI_API_KEY: OPENAI_KEY, ANTHROPIC_API_KEY: ANTHROPIC_KEY })
    expect(recording.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    let app = await startApp(appEnv(recording.url))
    onTestFinished(() => app.stop())
    const recorded = await runSteps(recording.url, app)
    await app.stop()
    const stopped = await recording.stop('SIGTERM')

    expect(recorded.outputs).toEqual([
      '200 {"reply":"Echo: Say hello"}',
      '200 {"haiku":"Echo: A haiku about tape"}',
      '200 Echo: A very short story about a robot',
    ])
    expect(recorded.ends.map((end) => [end.recorded, end.saved, end.mode])).toEqual([
      [1, true, 'auto'],
      [1, true, 'auto'],
      [1, true, 'auto'],
    ])
    expect(stopped.code).toBe(0)
    expect(stopped.stdout.split('\n')[0]).toBe(`listening on ${recording.url}`)
    expect(stopped.stdout).toContain('Cassettes  0 replayed · 3 recorded · 0 obsolete · 0 missing')
    expect(stopped.stderr).toBe('')

    // Keys: serve's own went upstream (the app only had the placeholder), and none is in a cassette.
    expect(openai.requests.map((request) => request.headers.authorization)).toEqual([`Bearer ${OPENAI_KEY}`])
    expect(anthropic.requests.map((request) => request.headers['x-api-key'])).toEqual([ANTHROPIC_KEY, ANTHROPIC_KEY])
    const texts = await cassetteTexts(dir)
    expect(Object.keys(texts)).toEqual(STEPS.map((step) => cassettePathFor('', step.identity)).sort())
    for (const text of Object.values(texts)) {
      expect(text).not.toContain(OPENAI_KEY)
      expect(text).not.toContain(ANTHROPIC_KEY)
      expect(text).not.toContain(PLACEHOLDER_API_KEY)
    }
    // The format in-process use writes: the test's label, and the Python SDKs' classes, a stream chunk by chunk.
    const [reply, haiku, story] = STEPS.map((step) => JSON.parse(texts[cassettePathFor('', step.identity)]!))
    expect(reply.test).toBe('e2e/app.e2e.ts > serve-app > replies')
    expect(reply.interactions[0].request.endpoint).toBe('/v1/chat/completions')
    expect(reply.interactions[0].response.is_streaming).toBe(true)
    expect(reply.interactions[0].response.body[0].__type__).toBe('openai.types.chat.chat_completion_chunk.ChatCompletionChunk')
    expect(haiku.interactions[0].response.body.__type__).toBe('anthropic.types.message.Message')
    expect(story.interactions[0].response.body[0].__type__).toBe('anthropic.types.raw_message_start_event.RawMessageStartEvent')

    // Replay: the upstreams are gone, serve has no key, and the app answers the same.
    await openai.close()
    await anthropic.close()
    const replaying = await startServe(dir, ['--mode', 'replay'])
    app = await startApp(appEnv(replaying.url))
    onTestFinished(() => app.stop())
    const replayed = await runSteps(replaying.url, app)
    expect(replayed.outputs).toEqual(recorded.outputs)
    expect(replayed.ends.map((end) => [end.replayed, end.recorded, end.missed])).toEqual([
      [1, 0, 0],
      [1, 0, 0],
      [1, 0, 0],
    ])

    // A call with no recording: a 404 the SDK does not retry, naming the miss; serve's stderr says it too.
    await control(replaying.url, 'POST', { file: 'e2e/app.e2e.ts', names: ['serve-app', 'replies'] })
    const started = Date.now()
    const missed = await app.post('/reply', { question: 'Something never recorded' })
    expect(Date.now() - started).toBeLessThan(5_000)
    expect(missed.status).toBe(502)
    const error = (await missed.json()) as { error: string; type: string; status: number }
    expect(error.type).toBe('NotFoundError')
    expect(error.status).toBe(404)
    expect(error.error).toContain('no recording for POST /v1/chat/completions (model gpt-4o-mini)')
    expect(error.error).toContain('body.messages[0].content: recorded "Say hello", now "Something never recorded"')
    await control(replaying.url, 'DELETE')
    await app.stop()
    const end = await replaying.stop('SIGINT')
    expect(end.code).toBe(0)
    expect(end.stderr).toContain('[llm-cassettes] no recording for POST /v1/chat/completions (model gpt-4o-mini)')
    expect(end.stdout).toContain('Cassettes  3 replayed · 0 recorded · 0 obsolete · 1 missing')
    expect(await cassetteTexts(dir)).toEqual(texts)
  })
})
