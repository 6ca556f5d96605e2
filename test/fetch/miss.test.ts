import { readFile, readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { expect, test } from 'vitest'
import { startAnthropicServer } from '../support/anthropic-server/index.js'
import { FixtureProject } from '../support/fixture-project.js'
import { startGeminiServer } from '../support/gemini-server/index.js'
import { startOpenAIServer } from '../support/openai-server.js'

interface JsonReport {
  testResults: { assertionResults: { title: string; status: string; failureMessages: string[] }[] }[]
}

const DEAD = { OPENAI_BASE_URL: 'http://127.0.0.1:9/v1', ANTHROPIC_ORIGIN: 'http://127.0.0.1:9', GEMINI_ORIGIN: 'http://127.0.0.1:9' }

// A call through wrapFetch that was never recorded, in CI: every SDK must hand the caller the CassetteMissError
// itself, naming the nearest recorded request, after one fetch and at once (LangChain would otherwise retry a
// thrown error 6 times over about 97 s; the Stainless clients inside it would call it "Connection error").
test('an unrecorded call fails in CI with CassetteMissError naming the nearest recorded request, for every SDK', async () => {
  const project = await FixtureProject.create('fetch-sdks')
  const openai = await startOpenAIServer()
  const anthropic = await startAnthropicServer()
  const gemini = await startGeminiServer()
  try {
    const live = { OPENAI_BASE_URL: openai.url, ANTHROPIC_ORIGIN: anthropic.url, GEMINI_ORIGIN: gemini.origin }
    const record = await project.run(['-u'], { FETCH_SUITE: 'miss', MISS_PHASE: 'record', ...live })
    expect(record.code, record.output).toBe(0)
    await Promise.all([openai.close(), anthropic.close(), gemini.close()])

    const replay = await project.run(['--reporter=json', '--outputFile=replay.json'], {
      FETCH_SUITE: 'miss',
      MISS_PHASE: 'replay',
      CI: 'true',
      RESULTS_DIR: project.path('notes'),
      ...DEAD,
    })
    expect(replay.code).toBe(1)
    const report = JSON.parse(await project.read('replay.json')) as JsonReport
    const results = report.testResults.flatMap((file) => file.assertionResults)
    expect(results).toHaveLength(9)
    for (const { title, status, failureMessages } of results) {
      const failure = failureMessages.join('\n')
      expect(status, title).toBe('failed')
      expect(failure, title).toMatch(/^CassetteMissError: \[llm-cassettes\] no recording for POST \/v1/)
      expect(failure, title).toContain('mode:     replay (CI')
      expect(failure, title).toMatch(/nearest recorded request: #1 POST \/v1\S+ \(model [\w.-]+\), which differs in:/)
      expect(failure, title).toContain('A question never recorded')
      expect(failure, title).toContain('To record it, run locally')
    }
    for (const file of await readdir(project.path('notes'))) {
      const facts = JSON.parse(await readFile(join(project.path('notes'), file), 'utf8')) as { calls: number; ms: number; isMiss: boolean }
      expect(facts, file).toMatchObject({ calls: 1, isMiss: true })
      expect(facts.ms, file).toBeLessThan(1000)
    }
    expect(await readdir(project.path('notes'))).toHaveLength(9)
  } finally {
    await Promise.all([openai.close(), anthropic.close(), gemini.close()])
    if (!process.env.KEEP_FIXTURES) await project.remove()
  }
})
