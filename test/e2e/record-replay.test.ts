import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import stableStringify from 'json-stable-stringify'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { FixtureProject, VITEST_PACKAGES, type VitestPackage } from '../support/fixture-project.js'
import { startOpenAIServer, type OpenAIServer } from '../support/openai-server.js'

const API_KEY = 'sk-test-e2e-0123456789abcdef'
const DEAD_BASE_URL = 'http://127.0.0.1:9/v1'

const EXPECTED_CASSETTES = [
  'tests/concurrent.test.ts/concurrent › first.json',
  'tests/concurrent.test.ts/concurrent › second.json',
  'tests/concurrent.test.ts/concurrent › third.json',
  'tests/endpoints.test.ts/an API error replays as the same SDK error #cd927f.json',
  'tests/endpoints.test.ts/chat.completions.create › json.json',
  'tests/endpoints.test.ts/chat.completions.create › stream.json',
  'tests/endpoints.test.ts/completions.create › json.json',
  'tests/endpoints.test.ts/completions.create › stream.json',
  'tests/endpoints.test.ts/embeddings.create › default encoding reaches the caller as floats.json',
  'tests/endpoints.test.ts/embeddings.create › float encoding.json',
  'tests/endpoints.test.ts/models.list iterates every model.json',
  'tests/endpoints.test.ts/responses.create › json.json',
  'tests/endpoints.test.ts/responses.create › stream.json',
  'tests/naming.test.ts/outer › a%2Fb%5Cc%3A %22quoted%22 %3Cname%3E%3F.json',
  'tests/naming.test.ts/outer › each blue.json',
  'tests/naming.test.ts/outer › each red.json',
  'tests/naming.test.ts/outer › each twice same (2).json',
  'tests/naming.test.ts/outer › each twice same.json',
  'tests/naming.test.ts/outer › for 1.json',
  'tests/naming.test.ts/outer › for 2.json',
  'tests/naming.test.ts/outer › inner › nested test.json',
  'tests/retry.test.ts/passes on its second attempt.json',
  'tests/streams.test.ts/a stream abandoned early.json',
  'tests/streams.test.ts/controller.abort() ends the iteration.json',
  'tests/streams.test.ts/tee gives two full copies.json',
  'tests/streams.test.ts/the first chunk arrives before the server sends the rest.json',
  'tests/streams.test.ts/toReadableStream and back #2de5c1.json',
  'tests/surface.test.ts/helpers › chat.completions.parse.json',
  'tests/surface.test.ts/helpers › chat.completions.runTools #3f7d83.json',
  'tests/surface.test.ts/helpers › chat.completions.stream.json',
  'tests/surface.test.ts/helpers › responses.parse.json',
  'tests/surface.test.ts/helpers › responses.stream.json',
  'tests/surface.test.ts/promise surface › asResponse #ef5aa7.json',
  'tests/surface.test.ts/promise surface › withResponse #6b07db.json',
]

interface CassetteJson {
  version: number
  test: string
  interactions: {
    request: Record<string, unknown> & { body: { messages?: { content: string }[] } }
    response: { body: unknown; is_streaming: boolean }
  }[]
}

async function readResults(dir: string): Promise<Record<string, unknown>> {
  const results: Record<string, unknown> = {}
  for (const file of (await readdir(dir)).sort()) results[file] = JSON.parse(await readFile(join(dir, file), 'utf8'))
  return results
}

function countRequests(server: OpenAIServer, content: string): number {
  return server.requests.filter((request) => JSON.stringify(request.body).includes(JSON.stringify(content))).length
}

/** `ONLY_VITEST=vitest-v3` runs one major (while working on it); CI runs every one. */
const majors = VITEST_PACKAGES.filter((name) => !process.env.ONLY_VITEST || process.env.ONLY_VITEST === name)

// One fixture project goes through a cassette's life, under each installed Vitest major:
// record, replay offline, replay in CI, -u with nothing changed, re-record everything (LLM_CASSETTES_MODE=record).
describe.each(majors)('record, replay, re-record (%s)', (vitest: VitestPackage) => {
  let project: FixtureProject
  let server: OpenAIServer
  let recordedTexts: Record<string, string>
  let recordedResults: Record<string, unknown>

  beforeAll(async () => {
    project = await FixtureProject.create('basic', { vitest })
    server = await startOpenAIServer()
  })

  afterAll(async () => {
    await server.close()
    await project.remove()
  })

  test('the first run records one cassette per test', async () => {
    const run = await project.run([], { OPENAI_BASE_URL: server.url, OPENAI_API_KEY: API_KEY, RESULTS_DIR: project.path('results-record') })
    expect(run.output).toContain('Tests  34 passed (34)')
    expect(run.code).toBe(0)
    expect(await project.cassettes()).toEqual(EXPECTED_CASSETTES)
    expect(server.requests.length).toBeGreaterThanOrEqual(EXPECTED_CASSETTES.length)
    recordedTexts = await project.cassetteTexts()
    recordedResults = await readResults(project.path('results-record'))
    expect(Object.keys(recordedResults).length).toBe(18)
  })

  test('cassettes use the llama-stack interaction shape, sorted keys, 2-space indent, trailing newline', () => {
    for (const [file, text] of Object.entries(recordedTexts)) {
      expect(text, file).toBe(`${stableStringify(JSON.parse(text), { space: 2, collapseEmpty: true })}\n`)
    }
    const stream = JSON.parse(recordedTexts['tests/endpoints.test.ts/chat.completions.create › stream.json']!) as CassetteJson
    expect(stream.version).toBe(1)
    expect(stream.test).toBe('tests/endpoints.test.ts > chat.completions.create > stream')
    const [interaction] = stream.interactions
    expect(Object.keys(interaction!.request).sort()).toEqual(['body', 'endpoint', 'headers', 'method', 'model', 'provider_metadata', 'url'])
    expect(interaction!.request).toMatchObject({
      method: 'POST',
      url: `${server.url}/chat/completions`,
      headers: {},
      endpoint: '/v1/chat/completions',
      model: 'gpt-4o-mini',
      provider_metadata: { openai_sdk_version: expect.stringMatching(/^6\./) },
    })
    expect(interaction!.response.is_streaming).toBe(true)
    const chunks = interaction!.response.body as { __type__: string; __data__: { object: string } }[]
    expect(chunks.length).toBeGreaterThan(3)
    for (const chunk of chunks) {
      expect(chunk.__type__).toBe('openai.types.chat.chat_completion_chunk.ChatCompletionChunk')
      expect(chunk.__data__.object).toBe('chat.completion.chunk')
    }
    const json = JSON.parse(recordedTexts['tests/endpoints.test.ts/chat.completions.create › json.json']!) as CassetteJson
    expect(json.interactions[0]!.response).toMatchObject({
      is_streaming: false,
      body: { __type__: 'openai.types.chat.chat_completion.ChatCompletion' },
    })
    const failed = JSON.parse(recordedTexts['tests/endpoints.test.ts/an API error replays as the same SDK error #cd927f.json']!) as CassetteJson
    expect(failed.interactions[0]!.response).toMatchObject({
      body: null,
      is_exception: true,
      exception_data: { type: 'BadRequestError', status_code: 400, body: { message: 'Invalid model', param: 'model' } },
    })
    const models = JSON.parse(recordedTexts['tests/endpoints.test.ts/models.list iterates every model.json']!) as CassetteJson
    expect((models.interactions[0]!.response.body as { __type__: string }[])[0]!.__type__).toBe('openai.types.model.Model')
  })

  test('no credential reaches disk', () => {
    for (const text of Object.values(recordedTexts)) {
      expect(text).not.toContain(API_KEY)
      expect(text.toLowerCase()).not.toContain('authorization')
    }
  })

  test('concurrent tests each get their own calls, and an abandoned stream keeps what was read', () => {
    for (const name of ['first', 'second', 'third']) {
      const cassette = JSON.parse(recordedTexts[`tests/concurrent.test.ts/concurrent › ${name}.json`]!) as CassetteJson
      expect(cassette.interactions.map((i) => i.request.body.messages?.[0]?.content)).toEqual([`${name} one`, `${name} two`])
    }
    const abandoned = JSON.parse(recordedTexts['tests/streams.test.ts/a stream abandoned early.json']!) as CassetteJson
    expect((abandoned.interactions[0]!.response.body as unknown[]).length).toBe(3)
  })

  test('a retried test records once', () => {
    const retried = JSON.parse(recordedTexts['tests/retry.test.ts/passes on its second attempt.json']!) as CassetteJson
    expect(retried.interactions).toHaveLength(1)
    // The first attempt recorded the call; the second replayed it.
    expect(countRequests(server, 'retry me')).toBe(1)
  })

  test('the second run replays everything with the server gone, under another baseURL', async () => {
    await server.close()
    const run = await project.run([], { OPENAI_BASE_URL: DEAD_BASE_URL, OPENAI_API_KEY: API_KEY, RESULTS_DIR: project.path('results-replay') })
    expect(run.output).toContain('Tests  34 passed (34)')
    expect(run.code).toBe(0)
    expect(await readResults(project.path('results-replay'))).toEqual(recordedResults)
    expect(await project.cassetteTexts()).toEqual(recordedTexts)
  })

  test('CI replays with no API key at all', async () => {
    const run = await project.run([], { CI: 'true', OPENAI_BASE_URL: DEAD_BASE_URL, RESULTS_DIR: project.path('results-ci') })
    expect(run.output).toContain('Tests  34 passed (34)')
    expect(run.code).toBe(0)
    expect(await readResults(project.path('results-ci'))).toEqual(recordedResults)
  })

  test('-u with nothing changed replays everything with the server gone and changes no byte', async () => {
    const run = await project.run(['-u'], { OPENAI_BASE_URL: DEAD_BASE_URL, OPENAI_API_KEY: API_KEY })
    expect(run.output).toContain('Tests  34 passed (34)')
    expect(run.code).toBe(0)
    expect(await project.cassetteTexts()).toEqual(recordedTexts)
  })

  test('LLM_CASSETTES_MODE=record sends every call live again and leaves identical recordings byte-identical', async () => {
    server = await startOpenAIServer({ port: server.port })
    const run = await project.run([], { OPENAI_BASE_URL: server.url, OPENAI_API_KEY: API_KEY, LLM_CASSETTES_MODE: 'record' })
    expect(run.output).toContain('Tests  34 passed (34)')
    expect(run.code).toBe(0)
    expect(server.requests.length).toBeGreaterThanOrEqual(EXPECTED_CASSETTES.length)
    // Both attempts of the retried test went live; its cassette still holds one interaction.
    expect(countRequests(server, 'retry me')).toBe(2)
    expect(await project.cassetteTexts()).toEqual(recordedTexts)
  })
})
