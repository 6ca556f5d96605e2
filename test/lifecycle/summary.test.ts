import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest'
import { FixtureProject } from '../support/fixture-project.js'
import { startOpenAIServer, type OpenAIServer } from '../support/openai-server.js'
import { API_KEY, readReport, summaryLineOf } from './support.js'

let server: OpenAIServer
let live: Record<string, string>

beforeAll(async () => {
  server = await startOpenAIServer()
  live = { OPENAI_BASE_URL: server.url, OPENAI_API_KEY: API_KEY }
})
afterAll(() => server.close())

/** `usage.total_tokens` summed over every interaction of every cassette, read straight from the files. */
async function recordedTokens(project: FixtureProject): Promise<number> {
  let total = 0
  for (const [file, text] of Object.entries(await project.cassetteTexts())) {
    if (file.startsWith('.')) continue
    const cassette = JSON.parse(text) as { interactions: { response: { body: { __data__: { usage: { total_tokens: number } } } } }[] }
    for (const interaction of cassette.interactions) total += interaction.response.body.__data__.usage.total_tokens
  }
  return total
}

describe('the end-of-run summary', () => {
  let project: FixtureProject

  beforeAll(async () => {
    project = await FixtureProject.create('lifecycle')
  })
  afterAll(() => project.remove())

  test('counts what was recorded, then what was replayed, the live calls and the tokens saved', async () => {
    const record = await project.run([], { ...live, TWO_CALLS: '1' })
    expect(record.output).toContain('Tests  4 passed (4)')
    const recordLine = summaryLineOf(record.stdout)
    expect(recordLine).toBe('Cassettes  0 replayed · 5 recorded · 0 obsolete · 0 missing  (0 live calls and 0 tokens saved)')
    // It comes after Vitest's own summary.
    expect(record.stdout.indexOf(recordLine!)).toBeGreaterThan(record.stdout.indexOf('Tests  4 passed'))

    const tokens = await recordedTokens(project)
    expect(tokens).toBeGreaterThan(5)
    const replay = await project.run([], { CI: 'true', TWO_CALLS: '1', LLM_CASSETTES_REPORT: 'ci/cassettes.json' })
    expect(replay.code, replay.output).toBe(0)
    expect(summaryLineOf(replay.stdout)).toBe(
      `Cassettes  5 replayed · 0 recorded · 0 obsolete · 0 missing  (5 live calls and ${tokens.toLocaleString('en-US')} tokens saved)`,
    )
    const expected = { replayed: 5, recorded: 0, obsolete: 0, missing: 0, liveCallsSaved: 5, tokensSaved: tokens, failedTestsKeptRecordings: 0, removed: 0 }
    expect(JSON.parse(await project.read('ci/cassettes.json'))).toEqual(expected)
    expect((await readReport(project)).summary).toEqual(expected)
  })

  test('counts a call missing from its cassette', async () => {
    const rerecord = await project.run([], { ...live, LLM_CASSETTES_MODE: 'record' }) // `two` is re-recorded asking only `two a`
    expect(summaryLineOf(rerecord.stdout)).toMatch(/^Cassettes {2}0 replayed · 4 recorded · 0 obsolete · 0 missing/)
    const run = await project.run([], { CI: 'true', TWO_CALLS: '1' })
    expect(run.code).toBe(1)
    expect(run.output).toContain('CassetteMissError')
    expect(summaryLineOf(run.stdout)).toMatch(/^Cassettes {2}4 replayed · 0 recorded · 0 obsolete · 1 missing {2}\(4 live calls and/)
  })
})

describe('a failing test', () => {
  let project: FixtureProject

  afterEach(() => project.remove())

  test('keeps what it recorded, and the summary says so', async () => {
    project = await FixtureProject.create('lifecycle')
    const run = await project.run([], { ...live, FAIL: 'one' })
    expect(run.output).toContain('Tests  1 failed | 3 passed (4)')
    expect(await project.cassettes()).toContain('chat.test.ts/one.json')
    expect(summaryLineOf(run.stdout)).toBe(
      'Cassettes  0 replayed · 4 recorded · 0 obsolete · 0 missing · 1 failed test kept its recording  (0 live calls and 0 tokens saved)',
    )
    expect((await readReport(project)).summary.failedTestsKeptRecordings).toBe(1)
  })

  test('with saveOnFailure: false writes nothing, while passing tests still record', async () => {
    project = await FixtureProject.create('lifecycle')
    const run = await project.run([], { ...live, FAIL: 'one', SAVE_ON_FAILURE: 'false' })
    expect(run.output).toContain('Tests  1 failed | 3 passed (4)')
    expect(await project.cassettes()).toEqual(['chat.test.ts/three.json', 'chat.test.ts/two.json', 'other.test.ts/other.json'])
    expect(summaryLineOf(run.stdout)).toBe('Cassettes  0 replayed · 3 recorded · 0 obsolete · 0 missing  (0 live calls and 0 tokens saved)')
  })
})
