import { existsSync } from 'node:fs'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest'
import { FixtureProject, JEST_PACKAGES } from '../support/fixture-project.js'
import { startOpenAIServer, type OpenAIServer } from '../support/openai-server.js'

const API_KEY = 'sk-test-jest-errors-0123456789abcdef'
const CASSETTE = 'cassettes/chat.test.js/chat › answers.json'

describe.each(JEST_PACKAGES)('%s: when a call cannot be served', (jest) => {
  let server: OpenAIServer
  let project: FixtureProject

  beforeAll(async () => {
    server = await startOpenAIServer()
  })
  afterAll(() => server.close())
  beforeEach(async () => {
    project = await FixtureProject.create('jest-single')
  })
  afterEach(() => project.remove())

  test('--ci fails on a missing cassette, naming the cassette, the request and the Jest command that records it', async () => {
    const before = server.requests.length
    const run = await project.runJest(['--ci', 'chat.test.js'], { OPENAI_BASE_URL: server.url }, { jest })
    expect(run.code).toBe(1)
    expect(run.output).toContain('CassetteMissError: [llm-cassettes] no recording for POST /v1/chat/completions (model gpt-4o-mini)')
    expect(run.output).toContain(`cassette: ${CASSETTE}`)
    expect(run.output).toContain('test:     chat.test.js > chat > answers')
    expect(run.output).toContain('mode:     replay (CI detected)')
    expect(run.output).toContain(
      "To record it, run locally with an API key: npx jest chat.test.js -t 'chat answers$' -u  (-u records only the calls that no longer match; LLM_CASSETTES_MODE=record re-records every call)",
    )
    expect(run.output).not.toContain('Connection error')
    expect(server.requests.length).toBe(before)
    expect(existsSync(project.path(CASSETTE))).toBe(false)
  })

  test('a test that fails after recording saves what it recorded; test.concurrent is refused with what to do', async () => {
    const live = { OPENAI_BASE_URL: server.url, OPENAI_API_KEY: API_KEY }
    const failed = await project.runJest([], { ...live, FAIL_AFTER_CALL: '1' }, { jest })
    expect(failed.code).toBe(1)
    expect(failed.output).toContain('failing on purpose after the call')
    expect(failed.output).toContain('Tests:       2 failed, 2 passed, 4 total')
    const saved = JSON.parse(await project.read(CASSETTE)) as { interactions: unknown[] }
    expect(saved.interactions).toHaveLength(1)

    expect(failed.output).toContain(
      'CassetteError: [llm-cassettes] a wrapped OpenAI client was called from a test.concurrent test ("shows the refusal"). ' +
        'Jest runs no beforeEach hooks for concurrent tests, so llm-cassettes cannot give the test a cassette. ' +
        'Use plain test() for tests that call OpenAI (or run concurrent tests with Vitest, where they are supported).',
    )
    // Neither concurrent call went live, nor landed in the cassette of the plain test running beside it.
    expect(server.requests.filter((request) => JSON.stringify(request.body).includes('concurrent'))).toEqual([])
    expect(await project.cassettes()).toEqual(['chat.test.js/chat › answers.json'])

    const replayed = await project.runJest(['--ci', 'chat.test.js'], { OPENAI_BASE_URL: 'http://127.0.0.1:9/v1' }, { jest })
    expect(replayed.output).toContain('Tests:       1 passed, 1 total')
    expect(replayed.code).toBe(0)
  })
})
