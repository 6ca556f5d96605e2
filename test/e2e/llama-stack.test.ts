import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest'
import { llamaStackRequestHash } from '../../src/cassette/request-hash.js'
import { FixtureProject, type RunResult } from '../support/fixture-project.js'
import { startOpenAIServer, type OpenAIServer } from '../support/openai-server.js'
import { FIXTURE_RECORDINGS } from '../llama-stack/corpus.js'

// Real llama-stack recordings in the Aug 2025 layout, from the fixture set kept in the repository.
const AUG_2025 = join(FIXTURE_RECORDINGS, 'llama-stack-2025-08')
const RECORDING = join(AUG_2025, 'tests', 'integration', 'recordings', 'responses', '0e8f2b001dd9.json')
const CASSETTE = 'cassettes/ask.test.ts/asks.json'

interface Seen {
  id: string
  created: number
  content: string
}

function seen(run: RunResult): Seen {
  expect(run.code, run.output).toBe(0)
  const match = /RESULT (\{.*\})/.exec(run.output)
  expect(match, run.output).not.toBeNull()
  return JSON.parse(match![1]!) as Seen
}

describe('llama-stack recordings inside a Vitest test', () => {
  const recorded = JSON.parse(readFileSync(RECORDING, 'utf8')) as {
    request: { body: { messages: { content: string }[] } }
    response: { body: { __data__: { id: string; choices: { message: { content: string } }[] } } }
  }
  const request = JSON.stringify(recorded.request.body)
  let server: OpenAIServer
  let project: FixtureProject

  beforeAll(async () => {
    server = await startOpenAIServer()
  })
  afterAll(() => server.close())
  beforeEach(async () => {
    project = await FixtureProject.create('llama-stack')
    return () => project.remove()
  })

  test('CI replays from the recordings when the cassette has no match, and writes no cassette', async () => {
    const run = await project.run([], { CI: 'true', RECORDINGS: AUG_2025, REQUEST: request })
    expect(seen(run).content).toBe(recorded.response.body.__data__.choices[0]!.message.content)
    expect(await project.cassettes()).toEqual([])
  })

  test("the test's own cassette is consulted first", async () => {
    const interaction = {
      request: { method: 'POST', url: 'http://x/v1/chat/completions', headers: {}, body: recorded.request.body, endpoint: '/v1/chat/completions', model: '' },
      response: {
        body: { id: 'from-cassette', object: 'chat.completion', created: 5, choices: [{ index: 0, message: { role: 'assistant', content: 'cassette' } }] },
        is_streaming: false,
      },
    }
    await project.write(CASSETTE, JSON.stringify({ version: 1, test: 'ask.test.ts > asks', interactions: [interaction] }))
    const run = await project.run([], { CI: 'true', RECORDINGS: AUG_2025, REQUEST: request })
    expect(seen(run)).toEqual({ id: 'from-cassette', created: 5, content: 'cassette' })
  })

  test('record mode goes live despite the recordings; normalizeIds writes rec-<hash12> and created 0, the test sees live values', async () => {
    const before = server.requests.length
    const live = { OPENAI_BASE_URL: server.url, OPENAI_API_KEY: 'sk-test-llama-stack-0123456789', RECORDINGS: AUG_2025, REQUEST: request }
    const recording = seen(await project.run([], { ...live, LLM_CASSETTES_MODE: 'record', NORMALIZE_IDS: '1' }))
    expect(server.requests.length).toBe(before + 1)
    expect(recording.id).toMatch(/^chatcmpl-/)
    expect(recording.created).not.toBe(0)

    const cassette = JSON.parse(await project.read(CASSETTE)) as {
      interactions: { request: { method: string; url: string; endpoint: string; body: unknown }; response: { body: { __data__: Seen } } }[]
    }
    const [interaction] = cassette.interactions
    const stored = interaction!.response.body.__data__
    expect(stored.id).toBe(`rec-${llamaStackRequestHash(interaction!.request).slice(0, 12)}`)
    expect(stored.created).toBe(0)

    const replay = seen(await project.run([], { CI: 'true', REQUEST: request }))
    expect(replay).toEqual({ id: stored.id, created: 0, content: recording.content })
  })
})
