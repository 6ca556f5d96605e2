import { existsSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { cassettePathFor } from '../../src/cassette/paths.js'
import { reportPathOf } from '../../src/report/report-file.js'
import { FixtureProject, JEST_PACKAGES } from '../support/fixture-project.js'
import { startOpenAIServer, type OpenAIServer } from '../support/openai-server.js'

const API_KEY = 'sk-test-jest-0123456789abcdef'
const DEAD_BASE_URL = 'http://127.0.0.1:9/v1'

// Named by the same function as the Vitest integration names its cassettes.
const cassette = (file: string, names: string[], occurrence = 1) => cassettePathFor('', { file, names, occurrence })
const EXPECTED_CASSETTES = [
  cassette('tests/esm.test.mjs', ['esm', 'streams a reply']),
  cassette('tests/naming.test.js', ['outer', 'a/b\\c: "quoted" <name>?']),
  cassette('tests/naming.test.js', ['outer', 'each blue']),
  cassette('tests/naming.test.js', ['outer', 'each red']),
  cassette('tests/naming.test.js', ['outer', 'each twice same'], 2),
  cassette('tests/naming.test.js', ['outer', 'each twice same']),
  cassette('tests/naming.test.js', ['outer', 'inner', 'nested test']),
  cassette('tests/naming.test.js', ['top level']),
  cassette('tests/retry.test.js', ['passes on its second attempt']),
].sort()

interface CassetteJson {
  test: string
  interactions: { request: { body: { messages: { content: string }[] } }; response: { is_streaming: boolean } }[]
}

function countRequests(server: OpenAIServer, content: string): number {
  return server.requests.filter((request) => JSON.stringify(request.body).includes(JSON.stringify(content))).length
}

// One Jest project per major goes through a cassette's life: record, replay offline, replay in CI, -u with nothing
// changed, re-record everything (LLM_CASSETTES_MODE=record).
describe.each(JEST_PACKAGES)('%s: record, replay, re-record', (jest) => {
  let project: FixtureProject
  let server: OpenAIServer
  let recordedTexts: Record<string, string>

  beforeAll(async () => {
    project = await FixtureProject.create('jest-basic')
    server = await startOpenAIServer()
  })

  afterAll(async () => {
    await server.close()
    await project.remove()
  })

  test('the first run records one cassette per test, CommonJS and ESM tests alike, named as under Vitest', async () => {
    const run = await project.runJest([], { OPENAI_BASE_URL: server.url, OPENAI_API_KEY: API_KEY }, { jest, esm: true })
    expect(run.output).toContain('Tests:       9 passed, 9 total')
    expect(run.code).toBe(0)
    expect(EXPECTED_CASSETTES).toContain('tests/naming.test.js/outer › inner › nested test.json')
    expect(EXPECTED_CASSETTES).toContain('tests/naming.test.js/outer › a%2Fb%5Cc%3A %22quoted%22 %3Cname%3E%3F.json')
    expect(await project.cassettes()).toEqual(EXPECTED_CASSETTES)
    // Without llm-cassettes/jest-reporter in `reporters`, a run prints and writes nothing more than it records.
    expect(run.output).not.toContain('Cassettes  ')
    expect(existsSync(reportPathOf(project.path('cassettes')))).toBe(false)
    recordedTexts = await project.cassetteTexts()
    for (const text of Object.values(recordedTexts)) expect(text).not.toContain(API_KEY)
    const nested = JSON.parse(recordedTexts['tests/naming.test.js/outer › inner › nested test.json']!) as CassetteJson
    expect(nested.test).toBe('tests/naming.test.js > outer > inner > nested test')
    const twice = JSON.parse(recordedTexts['tests/naming.test.js/outer › each twice same (2).json']!) as CassetteJson
    expect(twice.test).toBe('tests/naming.test.js > outer > each twice same (2)')
    const esm = JSON.parse(recordedTexts['tests/esm.test.mjs/esm › streams a reply.json']!) as CassetteJson
    expect(esm.interactions.map((i) => i.response.is_streaming)).toEqual([true])
  })

  test("a test retried with jest.retryTimes records once: the second attempt replays the first one's call", () => {
    const retried = JSON.parse(recordedTexts['tests/retry.test.js/passes on its second attempt.json']!) as CassetteJson
    expect(retried.interactions).toHaveLength(1)
    expect(countRequests(server, 'retry me')).toBe(1)
  })

  test('the second run replays everything in CommonJS mode with the server gone, under another baseURL', async () => {
    await server.close()
    const run = await project.runJest(['--testPathIgnorePatterns', '\\.mjs$'], { OPENAI_BASE_URL: DEAD_BASE_URL, OPENAI_API_KEY: API_KEY }, { jest })
    expect(run.output).toContain('Tests:       8 passed, 8 total')
    expect(run.code).toBe(0)
    expect(await project.cassetteTexts()).toEqual(recordedTexts)
  })

  test('--ci replays with no API key at all, ESM tests included', async () => {
    const run = await project.runJest(['--ci'], { OPENAI_BASE_URL: DEAD_BASE_URL }, { jest, esm: true })
    expect(run.output).toContain('Tests:       9 passed, 9 total')
    expect(run.code).toBe(0)
    expect(await project.cassetteTexts()).toEqual(recordedTexts)
  })

  test('-u with nothing changed replays everything with the server gone and changes no byte', async () => {
    const run = await project.runJest(['-u'], { OPENAI_BASE_URL: DEAD_BASE_URL, OPENAI_API_KEY: API_KEY }, { jest, esm: true })
    expect(run.output).toContain('Tests:       9 passed, 9 total')
    expect(run.code).toBe(0)
    expect(await project.cassetteTexts()).toEqual(recordedTexts)
  })

  test('LLM_CASSETTES_MODE=record sends every call live again and leaves identical recordings byte-identical', async () => {
    server = await startOpenAIServer({ port: server.port })
    const run = await project.runJest([], { OPENAI_BASE_URL: server.url, OPENAI_API_KEY: API_KEY, LLM_CASSETTES_MODE: 'record' }, { jest, esm: true })
    expect(run.output).toContain('Tests:       9 passed, 9 total')
    expect(run.code).toBe(0)
    expect(server.requests.length).toBeGreaterThanOrEqual(EXPECTED_CASSETTES.length + 1)
    // Both attempts of the retried test went live; its cassette still holds one interaction.
    expect(countRequests(server, 'retry me')).toBe(2)
    expect(await project.cassetteTexts()).toEqual(recordedTexts)
  })
})
