import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import stableStringify from 'json-stable-stringify'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { cassettePathFor } from '../../src/cassette/paths.js'
import { resolveMode } from '../../src/mode.js'
import { FixtureProject } from '../support/fixture-project.js'
import { nodeBinaries, testFilesArgs, type NodeBinary } from '../support/node-binaries.js'
import { startOpenAIServer, type OpenAIServer } from '../support/openai-server.js'

const API_KEY = 'sk-test-node-test-0123456789abcdef'
const DEAD_BASE_URL = 'http://127.0.0.1:9/v1'

// test/e2e/record-replay.test.ts's scenarios, under the names Vitest gives them (Vitest's retry scenario aside:
// node:test has no retries), then node:test's own: t.test subtests (concurrent ones included), a CommonJS test
// file, a callback-style test, a suite's own hooks, a suite name holding node:test's ` > `.
const cassette = (file: string, names: string[], occurrence = 1) => cassettePathFor('', { file: `tests/${file}`, names, occurrence })
const EXPECTED_CASSETTES = [
  'tests/concurrent.test.mjs/concurrent › first.json',
  'tests/concurrent.test.mjs/concurrent › second.json',
  'tests/concurrent.test.mjs/concurrent › third.json',
  'tests/endpoints.test.mjs/an API error replays as the same SDK error #cd927f.json',
  'tests/endpoints.test.mjs/chat.completions.create › json.json',
  'tests/endpoints.test.mjs/chat.completions.create › stream.json',
  'tests/endpoints.test.mjs/completions.create › json.json',
  'tests/endpoints.test.mjs/completions.create › stream.json',
  'tests/endpoints.test.mjs/embeddings.create › default encoding reaches the caller as floats.json',
  'tests/endpoints.test.mjs/embeddings.create › float encoding.json',
  'tests/endpoints.test.mjs/models.list iterates every model.json',
  'tests/endpoints.test.mjs/responses.create › json.json',
  'tests/endpoints.test.mjs/responses.create › stream.json',
  'tests/naming.test.mjs/outer › a%2Fb%5Cc%3A %22quoted%22 %3Cname%3E%3F.json',
  'tests/naming.test.mjs/outer › each blue.json',
  'tests/naming.test.mjs/outer › each red.json',
  'tests/naming.test.mjs/outer › each twice same (2).json',
  'tests/naming.test.mjs/outer › each twice same.json',
  'tests/naming.test.mjs/outer › for 1.json',
  'tests/naming.test.mjs/outer › for 2.json',
  'tests/naming.test.mjs/outer › inner › nested test.json',
  'tests/streams.test.mjs/a stream abandoned early.json',
  'tests/streams.test.mjs/controller.abort() ends the iteration.json',
  'tests/streams.test.mjs/tee gives two full copies.json',
  'tests/streams.test.mjs/the first chunk arrives before the server sends the rest.json',
  'tests/streams.test.mjs/toReadableStream and back #2de5c1.json',
  'tests/surface.test.mjs/helpers › chat.completions.parse.json',
  'tests/surface.test.mjs/helpers › chat.completions.runTools #3f7d83.json',
  'tests/surface.test.mjs/helpers › chat.completions.stream.json',
  'tests/surface.test.mjs/helpers › responses.parse.json',
  'tests/surface.test.mjs/helpers › responses.stream.json',
  'tests/surface.test.mjs/promise surface › asResponse #ef5aa7.json',
  'tests/surface.test.mjs/promise surface › withResponse #6b07db.json',
  cassette('hooks.test.mjs', ['hooks', 'body']),
  cassette('naming.test.mjs', ['a > b', 'c']),
  cassette('subtests.test.cjs', ['callback style']),
  cassette('subtests.test.cjs', ['parent']),
  cassette('subtests.test.cjs', ['parent', 'left']),
  cassette('subtests.test.cjs', ['parent', 'nested', 'deeper']),
  cassette('subtests.test.cjs', ['parent', 'right']),
].sort()
/** Calls the fixture makes: one per cassette, plus the second calls of the concurrent tests and subtests, of the parent, of runTools, and the hooks' two. */
const CALLS = EXPECTED_CASSETTES.length + 3 + 2 + 1 + 1 + 2

interface CassetteJson {
  version: number
  test: string
  interactions: { request: Record<string, unknown> & { body: { messages?: { content: string }[] } }; response: { body: unknown; is_streaming: boolean } }[]
}

async function readResults(dir: string): Promise<Record<string, unknown>> {
  const results: Record<string, unknown> = {}
  for (const file of (await readdir(dir)).sort()) results[file] = JSON.parse(await readFile(join(dir, file), 'utf8'))
  return results
}

const prompts = (texts: Record<string, string>, file: string) =>
  (JSON.parse(texts[file]!) as CassetteJson).interactions.map((interaction) => interaction.request.body.messages?.[0]?.content)

const countRequests = (server: OpenAIServer, content: string) =>
  server.requests.filter((request) => JSON.stringify(request.body).includes(JSON.stringify(content))).length

const summaryLineOf = (output: string) => output.split('\n').find((line) => line.startsWith('Cassettes  '))

const { found, missing } = nodeBinaries()

// The same cassette life as under Vitest, under each Node major found: record, replay offline, replay in CI,
// re-record. Node 20 has no --test-update-snapshots; there, LLM_CASSETTES_MODE=record re-records.
describe.each(found)('node:test on Node $major: record, replay, re-record', (node: NodeBinary) => {
  let project: FixtureProject
  let server: OpenAIServer
  let recordedTexts: Record<string, string>
  let recordedResults: Record<string, unknown>
  const run = (args: string[], env: Record<string, string>) =>
    project.runNodeTest([...args, ...testFilesArgs(node, 'tests/**/*.test.{mjs,cjs}')], env, { node: node.path })

  beforeAll(async () => {
    project = await FixtureProject.create('node-test')
    server = await startOpenAIServer()
  })

  afterAll(async () => {
    await server.close()
    await project.remove()
  })

  test('the first run records one cassette per test, named as under Vitest, and prints the summary line', async () => {
    const record = await run([], { OPENAI_BASE_URL: server.url, OPENAI_API_KEY: API_KEY, RESULTS_DIR: project.path('results-record') })
    expect(record.output).toContain('ℹ pass 41')
    expect(record.code, record.output).toBe(0)
    expect(await project.cassettes()).toEqual(EXPECTED_CASSETTES)
    expect(server.requests.length).toBe(CALLS)
    expect(summaryLineOf(record.stderr)).toBe(`Cassettes  0 replayed · ${CALLS} recorded · 0 obsolete · 0 missing  (0 live calls and 0 tokens saved)`)
    recordedTexts = await project.cassetteTexts()
    recordedResults = await readResults(project.path('results-record'))
    expect(Object.keys(recordedResults).length).toBe(18)
  })

  test('cassettes have the format Vitest writes, and no credential', () => {
    for (const [file, text] of Object.entries(recordedTexts)) {
      expect(text, file).toBe(`${stableStringify(JSON.parse(text), { space: 2, collapseEmpty: true })}\n`)
      expect(text).not.toContain(API_KEY)
      expect(text.toLowerCase()).not.toContain('authorization')
    }
    const stream = JSON.parse(recordedTexts['tests/endpoints.test.mjs/chat.completions.create › stream.json']!) as CassetteJson
    expect(stream.test).toBe('tests/endpoints.test.mjs > chat.completions.create > stream')
    expect(stream.interactions[0]!.response.is_streaming).toBe(true)
    const separator = JSON.parse(recordedTexts[cassette('naming.test.mjs', ['a > b', 'c'])]!) as CassetteJson
    expect(separator.test).toBe('tests/naming.test.mjs > a > b > c')
    const twice = JSON.parse(recordedTexts['tests/naming.test.mjs/outer › each twice same (2).json']!) as CassetteJson
    expect(twice.test).toBe('tests/naming.test.mjs > outer > each twice same (2)')
  })

  test("concurrent tests and subtests whose calls interleave each get their own calls; a suite's hooks call into its test's cassette", () => {
    for (const name of ['first', 'second', 'third']) {
      expect(prompts(recordedTexts, `tests/concurrent.test.mjs/concurrent › ${name}.json`)).toEqual([`${name} one`, `${name} two`])
    }
    for (const name of ['left', 'right'])
      expect(prompts(recordedTexts, cassette('subtests.test.cjs', ['parent', name]))).toEqual([`${name} one`, `${name} two`])
    expect(prompts(recordedTexts, cassette('subtests.test.cjs', ['parent']))).toEqual(['parent before', 'parent after'])
    expect(prompts(recordedTexts, cassette('subtests.test.cjs', ['parent', 'nested', 'deeper']))).toEqual(['deeper'])
    expect(prompts(recordedTexts, cassette('hooks.test.mjs', ['hooks', 'body']))).toEqual(['from beforeEach', 'from body', 'from afterEach'])
  })

  test('the second run replays everything with the server gone, under another baseURL', async () => {
    await server.close()
    const replay = await run([], { OPENAI_BASE_URL: DEAD_BASE_URL, OPENAI_API_KEY: API_KEY, RESULTS_DIR: project.path('results-replay') })
    expect(replay.output).toContain('ℹ pass 41')
    expect(replay.code, replay.output).toBe(0)
    expect(await readResults(project.path('results-replay'))).toEqual(recordedResults)
    expect(await project.cassetteTexts()).toEqual(recordedTexts)
    expect(summaryLineOf(replay.stderr)).toMatch(
      new RegExp(`^Cassettes  ${CALLS} replayed · 0 recorded · 0 obsolete · 0 missing  \\(${CALLS} live calls and [\\d,]+ tokens saved\\)$`),
    )
  })

  test('CI replays with no API key at all', async () => {
    const ci = await run([], { CI: 'true', OPENAI_BASE_URL: DEAD_BASE_URL, RESULTS_DIR: project.path('results-ci') })
    expect(ci.output).toContain('ℹ pass 41')
    expect(ci.code, ci.output).toBe(0)
    expect(await readResults(project.path('results-ci'))).toEqual(recordedResults)
  })

  const inOneProcess = node.major >= 22 ? test : test.skip
  inOneProcess('CI replays with every file in one process (--test-isolation=none; Node 22+, Node 20 has none)', async () => {
    const isolation = node.major >= 24 ? '--test-isolation=none' : '--experimental-test-isolation=none'
    const ci = await run([isolation], { CI: 'true', OPENAI_BASE_URL: DEAD_BASE_URL, RESULTS_DIR: project.path('results-one-process') })
    expect(ci.output).toContain('ℹ pass 41')
    expect(ci.code, ci.output).toBe(0)
    expect(summaryLineOf(ci.stderr)).toMatch(new RegExp(`^Cassettes  ${CALLS} replayed · 0 recorded · 0 obsolete · 0 missing`))
    expect(await readResults(project.path('results-one-process'))).toEqual(recordedResults)
  })

  test('LLM_CASSETTES_MODE=record sends every call live again and leaves identical recordings byte-identical', async () => {
    server = await startOpenAIServer({ port: server.port })
    const rerecord = await run([], { LLM_CASSETTES_MODE: 'record', OPENAI_BASE_URL: server.url, OPENAI_API_KEY: API_KEY })
    expect(rerecord.code, rerecord.output).toBe(0)
    expect(server.requests.length).toBe(CALLS)
    expect(await project.cassetteTexts()).toEqual(recordedTexts)
  })

  const updateTest = node.major >= 22 ? test : test.skip
  updateTest(
    '--test-update-snapshots (Node 22.3+; Node 20 has none) is -u: the mode of a snapshot update, leaving identical recordings byte-identical',
    async () => {
      await server.close()
      server = await startOpenAIServer({ port: server.port })
      const update = await run(['--test-update-snapshots'], { OPENAI_BASE_URL: server.url, OPENAI_API_KEY: API_KEY })
      expect(update.code, update.output).toBe(0)
      // `record` sends every call live again; `update` replays what is recorded.
      const liveAgain = resolveMode({ updateState: 'all' }).mode === 'record'
      expect(countRequests(server, 'first one')).toBe(liveAgain ? 1 : 0)
      expect(server.requests.length).toBe(liveAgain ? CALLS : 0)
      expect(await project.cassetteTexts()).toEqual(recordedTexts)
    },
  )
})

if (missing.length > 0) {
  describe(`node:test on Node ${missing.join(' and ')}`, () => {
    test.skip('not found: set LLM_CASSETTES_NODE<major> to its binary, or install it into .cache/node-<major>', () => {})
  })
}
