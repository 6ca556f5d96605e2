import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { FixtureProject, VITEST_PACKAGES, type VitestPackage } from '../support/fixture-project.js'
import { startOpenAIServer, type OpenAIServer } from '../support/openai-server.js'

// What differs between Vitest 3, 4 and 5 beyond the shared record/replay scenarios (record-replay.test.ts runs
// those under every major): calls from hooks, the reporter's obsolete account and `-u` removal.

const API_KEY = 'sk-test-majors-0123456789abcdef'
const DEAD_BASE_URL = 'http://127.0.0.1:9/v1'
const HOOKS_CASSETTE = 'hooks.test.ts/hooks › a beforeEach call lands in the test cassette #83c4f8.json'
const EXTRA_CASSETTE = 'hooks.test.ts/extra.json'

interface CassetteJson {
  interactions: { request: { body: { messages: { content: string }[] } } }[]
}

const MAJOR_VERSION: Record<VitestPackage, string> = { 'vitest-v3': 'v3.', vitest: 'v4.', 'vitest-v5': 'v5.' }

describe.each(VITEST_PACKAGES)('%s', (vitest) => {
  let project: FixtureProject
  let server: OpenAIServer

  beforeAll(async () => {
    project = await FixtureProject.create('vitest-majors', { vitest })
    server = await startOpenAIServer()
  })

  afterAll(async () => {
    await server.close()
    await project.remove()
  })

  const prompts = async (cassette: string) =>
    (JSON.parse(await project.read(`cassettes/${cassette}`)) as CassetteJson).interactions.map((i) => i.request.body.messages[0]!.content)

  test('records a beforeEach call into the cassette of the test it runs for', async () => {
    const run = await project.run(['hooks.test.ts'], { OPENAI_BASE_URL: server.url, OPENAI_API_KEY: API_KEY, WITH_EXTRA: '1' })
    expect(run.output).toContain(` RUN  ${MAJOR_VERSION[vitest]}`)
    expect(run.output).toContain('Tests  2 passed (2)')
    expect(run.output).toContain('Cassettes  0 replayed · 3 recorded · 0 obsolete · 0 missing')
    expect(run.code).toBe(0)
    expect(await project.cassettes()).toEqual([EXTRA_CASSETTE, HOOKS_CASSETTE])
    expect(await prompts(HOOKS_CASSETTE)).toEqual(['from beforeEach', 'from the test'])
  })

  test('a test that is gone: a filtered -u keeps its cassette, and a replay reports it obsolete', async () => {
    const run = await project.run(['-u', '-t', 'hooks'], { OPENAI_BASE_URL: server.url, OPENAI_API_KEY: API_KEY })
    expect(run.code).toBe(0)
    expect(await project.cassettes()).toContain(EXTRA_CASSETTE)

    const replay = await project.run(['hooks.test.ts'], { CI: 'true', OPENAI_BASE_URL: DEAD_BASE_URL })
    expect(replay.output).toContain('Tests  1 passed (1)')
    expect(replay.output).toContain(`Obsolete cassettes: 1 (\`vitest -u\` or \`npx llm-cassettes prune\` removes them)\n   cassettes/${EXTRA_CASSETTE}`)
    expect(replay.output).toContain('Cassettes  2 replayed · 0 recorded · 1 obsolete · 0 missing')
    expect(replay.code).toBe(0)
    expect(await project.cassettes()).toContain(EXTRA_CASSETTE)
  })

  test('concurrent tests: their hooks are scoped too from Vitest 4; Vitest 3 refuses hook calls it cannot place', async () => {
    const run = await project.run(['concurrent.test.ts'], { OPENAI_BASE_URL: server.url, OPENAI_API_KEY: API_KEY })
    if (vitest === 'vitest-v3') {
      expect(run.output).toContain('Tests  2 failed (2)')
      expect(run.output).toContain('called outside a test body (from a beforeEach/afterEach hook?) while 2 concurrent tests were running')
      expect(run.code).toBe(1)
      return
    }
    expect(run.output).toContain('Tests  2 passed (2)')
    expect(run.code).toBe(0)
    for (const name of ['first', 'second']) {
      expect(await prompts(`concurrent.test.ts/concurrent › ${name}.json`)).toEqual([`hook of ${name}`, `${name} body`])
    }
  })

  test('-u on a complete run deletes the cassette of the removed test', async () => {
    const update = await project.run(['-u'], { OPENAI_BASE_URL: server.url, OPENAI_API_KEY: API_KEY })
    expect(update.output).toContain(`Cassettes: deleted cassettes/${EXTRA_CASSETTE}`)
    // Under Vitest 3 the concurrent file still fails (previous test); the run is complete all the same.
    expect(update.code).toBe(vitest === 'vitest-v3' ? 1 : 0)
    expect(await project.cassettes()).not.toContain(EXTRA_CASSETTE)
    expect(await project.cassettes()).toContain(HOOKS_CASSETTE)
  })
})
