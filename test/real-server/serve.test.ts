import { rm } from 'node:fs/promises'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { cassettePathFor, type TestIdentity } from '../../src/cassette/paths.js'
import { PLACEHOLDER_API_KEY } from '../../src/safety/placeholder-key.js'
import { startApp } from '../../examples/serve-app/start-app.js'
import { cassetteTexts, control, startServe, workDir } from '../serve/support.js'
import { startLlamaServer, type LlamaServer } from './llama-server.js'

// The example app (examples/serve-app) in its own process, through `llm-cassettes serve` (dist/), against llama.cpp's
// llama-server, which answers both the OpenAI and the Anthropic API: one --upstream for both. Recorded live, then
// replayed with llama-server stopped.
const STEPS: [TestIdentity, string, Record<string, string>][] = [
  [{ file: 'e2e/app.e2e.ts', names: ['llama', 'replies'], occurrence: 1 }, '/reply', { question: 'Say hello' }],
  [{ file: 'e2e/app.e2e.ts', names: ['llama', 'haiku'], occurrence: 1 }, '/haiku', { topic: 'tape' }],
  [{ file: 'e2e/app.e2e.ts', names: ['llama', 'story'], occurrence: 1 }, '/story', { topic: 'a robot' }],
]

async function runApp(url: string): Promise<string[]> {
  const app = await startApp({
    OPENAI_BASE_URL: `${url}/v1`,
    ANTHROPIC_BASE_URL: url,
    OPENAI_API_KEY: PLACEHOLDER_API_KEY,
    ANTHROPIC_API_KEY: PLACEHOLDER_API_KEY,
  })
  const outputs: string[] = []
  try {
    for (const [identity, path, body] of STEPS) {
      expect((await control(url, 'POST', { file: identity.file, names: identity.names })).status).toBe(200)
      const response = await app.post(path, body)
      outputs.push(`${response.status} ${await response.text()}`)
      expect((await control(url, 'DELETE')).status).toBe(200)
    }
  } finally {
    await app.stop()
  }
  return outputs
}

describe('llm-cassettes serve against llama-server', () => {
  let dir: string
  let llama: LlamaServer

  beforeAll(async () => {
    dir = await workDir('llama-server')
    llama = await startLlamaServer()
  })

  afterAll(async () => {
    await llama?.stop()
    await rm(dir, { recursive: true, force: true })
  })

  test('the app records live through serve, then replays the same answers with llama-server stopped', async () => {
    // llama-server takes any key; the app has only the placeholder, so serve sends its own.
    const recording = await startServe(dir, ['--upstream', llama.url], { OPENAI_API_KEY: 'sk-local-llama', ANTHROPIC_API_KEY: 'sk-local-llama' })
    const recorded = await runApp(recording.url)
    const stopped = await recording.stop()
    expect(stopped.code, stopped.stderr).toBe(0)
    expect(stopped.stdout).toContain('Cassettes  0 replayed · 3 recorded · 0 obsolete · 0 missing')
    for (const output of recorded) expect(output).toMatch(/^200 .*\S/s)
    expect(recorded[0]).toMatch(/^200 \{"reply":".+"\}$/)
    expect(recorded[1]).toMatch(/^200 \{"haiku":".+"\}$/)

    const texts = await cassetteTexts(dir)
    expect(Object.keys(texts)).toEqual(STEPS.map(([identity]) => cassettePathFor('', identity)).sort())
    const [reply, haiku, story] = STEPS.map(([identity]) => JSON.parse(texts[cassettePathFor('', identity)]!))
    expect(reply.interactions[0].request.url).toBe(`${llama.url}/chat/completions`)
    expect(reply.interactions[0].response.body[0].__type__).toBe('openai.types.chat.chat_completion_chunk.ChatCompletionChunk')
    expect(haiku.interactions[0].request.url).toBe(`${new URL(llama.url).origin}/v1/messages`)
    expect(haiku.interactions[0].response.body.__type__).toBe('anthropic.types.message.Message')
    expect(story.interactions[0].response.body.length).toBeGreaterThan(3)

    await llama.stop()
    await expect(fetch(`${llama.url}/models`)).rejects.toThrow()
    const replaying = await startServe(dir, ['--upstream', llama.url, '--mode', 'replay'])
    const replayed = await runApp(replaying.url)
    const end = await replaying.stop()
    expect(replayed).toEqual(recorded)
    expect(end.stdout).toContain('Cassettes  3 replayed · 0 recorded · 0 obsolete · 0 missing')
    expect(await cassetteTexts(dir)).toEqual(texts)
  })
})
