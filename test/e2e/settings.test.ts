import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { FixtureProject, JEST_PACKAGES, type RunResult } from '../support/fixture-project.js'
import { startOpenAIServer, type OpenAIServer } from '../support/openai-server.js'

const API_KEY = 'sk-test-settings-0123456789abcdef'
const DEAD_BASE_URL = 'http://127.0.0.1:9/v1'
const OWN = 'recordings/tests/settings.test.mjs'

type Runner = { name: string; run: (project: FixtureProject, env: Record<string, string>) => Promise<RunResult> }

// The same test file and the same config file under each runner: every setting reaches Jest and node:test as it reaches Vitest.
const RUNNERS: Runner[] = [
  { name: 'vitest', run: (project, env) => project.run([], env) },
  ...JEST_PACKAGES.map((jest) => ({
    name: jest,
    run: (project: FixtureProject, env: Record<string, string>) => project.runJest([], env, { jest, esm: true }),
  })),
  {
    name: 'node:test',
    run: (project, env) => project.runNodeTest(['--import', './node-test-globals.mjs', 'tests/settings.test.mjs'], env, { reporter: false }),
  },
]

interface Stored {
  interactions: { request: { body: { user?: string } }; response: { body: { __data__: { id: string; created: number } } } }[]
}

describe.each(RUNNERS)('settings from llm-cassettes.config.json under $name', ({ run }) => {
  let project: FixtureProject
  let server: OpenAIServer

  beforeAll(async () => {
    project = await FixtureProject.create('settings')
    server = await startOpenAIServer()
  })

  afterAll(async () => {
    await server.close()
    await project.remove()
  })

  test('dir, useCassette, redact, normalizeIds, allowedSecrets and saveOnFailure all apply', async () => {
    const first = await run(project, { OPENAI_BASE_URL: server.url, OPENAI_API_KEY: API_KEY, FAIL_AFTER_RECORDING: '1' })
    expect(first.code, first.output).toBe(1)
    expect(first.output).toContain('failing on purpose')
    expect(await project.cassettes('recordings')).toEqual([
      'shared/greeting.json',
      'tests/settings.test.mjs/an allowed fixture key.json',
      'tests/settings.test.mjs/redacted and normalised.json',
    ])
    const stored = JSON.parse(await project.read(`${OWN}/redacted and normalised.json`)) as Stored
    const [interaction] = stored.interactions
    expect(interaction?.request.body.user).toBe('[REDACTED]')
    expect(interaction?.response.body.__data__.id).toMatch(/^rec-[0-9a-f]{12}$/)
    expect(interaction?.response.body.__data__.created).toBe(0)
    expect(await project.cassettes()).toEqual([])
  })

  test('what was recorded replays in CI with no server', async () => {
    expect((await run(project, { OPENAI_BASE_URL: server.url, OPENAI_API_KEY: API_KEY })).code).toBe(0)
    const replay = await run(project, { OPENAI_BASE_URL: DEAD_BASE_URL, CI: '1' })
    expect(replay.code, replay.output).toBe(0)
  })
})
