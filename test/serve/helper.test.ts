import { join } from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { cassettePathFor, hooksCassettePath } from '../../src/cassette/paths.js'
import { startAnthropicServer } from '../support/anthropic-server/index.js'
import { FixtureProject, REPO_ROOT, type RunResult } from '../support/fixture-project.js'
import { startOpenAIServer } from '../support/openai-server.js'

// serveCassettes() from llm-cassettes/serve, in real Vitest, Jest and node:test runs of fixture projects: the example
// app, started by the test file in its own process, makes its calls through the server, and they land in the running
// test's own cassette, named as the test's in-process calls are (and together with them). Recorded against the
// hand-made servers, then replayed in CI mode with them stopped and no key.
const OPENAI_KEY = 'sk-serve-helper-0123456789abcdefghij'
const ANTHROPIC_KEY = 'sk-ant-api03-serve-helper-0123456789'
const SERVE_APP = join(REPO_ROOT, 'examples', 'serve-app', 'app.mjs')

type Runner = 'vitest' | 'jest' | 'node:test'

interface Case {
  runner: Runner
  fixture: string
  file: string
  /** Each test's name chain, and the endpoints its cassette holds, in call order. */
  tests: [names: string[], endpoints: string[]][]
  /** The endpoints of the calls made from the file's beforeAll, in its hooks cassette. */
  hooks?: string[]
  run(project: FixtureProject, env: Record<string, string>): Promise<RunResult>
}

const CASES: Case[] = [
  {
    runner: 'vitest',
    fixture: 'serve-helper',
    file: 'tests/app.vitest.test.ts',
    tests: [
      [['app', 'replies'], ['/v1/chat/completions']],
      [
        ['app', 'writes a haiku, and the test calls too'],
        ['/v1/messages', '/v1/chat/completions'],
      ],
      [['concurrent', 'first'], ['/v1/chat/completions']],
      [['concurrent', 'second'], ['/v1/chat/completions']],
      [['concurrent', 'third'], ['/v1/chat/completions']],
    ],
    hooks: ['/v1/chat/completions'],
    run: (project, env) => project.run([], env),
  },
  {
    runner: 'jest',
    fixture: 'serve-helper-jest',
    file: 'tests/app.jest.test.js',
    tests: [
      [['app', 'replies'], ['/v1/chat/completions']],
      [['app', 'writes a haiku'], ['/v1/messages']],
    ],
    run: (project, env) => project.runJest(['--reporters=default', '--reporters=llm-cassettes/jest-reporter'], env, { jest: 'jest' }),
  },
  {
    runner: 'node:test',
    fixture: 'serve-helper',
    file: 'tests/app.node.test.mjs',
    tests: [
      [['app', 'replies'], ['/v1/chat/completions']],
      [['app', 'writes a story'], ['/v1/messages']],
    ],
    run: (project, env) => project.runNodeTest(['tests/app.node.test.mjs'], env),
  },
]

describe.each(CASES)('serveCassettes() under $runner', (scenario) => {
  const projects: FixtureProject[] = []
  afterAll(async () => {
    for (const project of projects) await project.remove()
  })

  test('the app’s calls are recorded into the running test’s own cassette, then replay in CI with no server and no key', async () => {
    const project = await FixtureProject.create(scenario.fixture)
    projects.push(project)
    const openai = await startOpenAIServer()
    const anthropic = await startAnthropicServer()
    const recorded = await scenario.run(project, {
      SERVE_APP,
      OPENAI_UPSTREAM: openai.url,
      ANTHROPIC_UPSTREAM: anthropic.url,
      OPENAI_API_KEY: OPENAI_KEY,
      ANTHROPIC_API_KEY: ANTHROPIC_KEY,
    })
    await openai.close()
    await anthropic.close()
    const calls = scenario.tests.reduce((sum, [, endpoints]) => sum + endpoints.length, scenario.hooks?.length ?? 0)
    expect(recorded.code, recorded.output).toBe(0)
    expect(recorded.output).toContain(`Cassettes  0 replayed · ${calls} recorded · 0 obsolete · 0 missing`)

    const hooksPath = hooksCassettePath('', { file: scenario.file, names: [], occurrence: 1 })
    const expected = [
      ...scenario.tests.map(([names]) => cassettePathFor('', { file: scenario.file, names, occurrence: 1 })),
      ...(scenario.hooks ? [hooksPath] : []),
    ].sort()
    const own = (await project.cassetteTexts()) as Record<string, string>
    const texts = Object.fromEntries(Object.entries(own).filter(([path]) => path.startsWith(scenario.file)))
    expect(Object.keys(texts).sort()).toEqual(expected)
    for (const [names, endpoints] of scenario.tests) {
      const text = texts[cassettePathFor('', { file: scenario.file, names, occurrence: 1 })]!
      const cassette = JSON.parse(text) as { test: string; interactions: { request: { endpoint: string } }[] }
      expect(cassette.test).toBe([scenario.file, ...names].join(' > '))
      expect(cassette.interactions.map((interaction) => interaction.request.endpoint)).toEqual(endpoints)
      expect(text).not.toContain(OPENAI_KEY)
      expect(text).not.toContain(ANTHROPIC_KEY)
    }

    if (scenario.hooks) {
      const hooks = JSON.parse(texts[hooksPath]!) as { test: string; interactions: { request: { endpoint: string } }[] }
      expect(hooks.test).toBe(`${scenario.file} > (beforeAll/afterAll)`)
      expect(hooks.interactions.map((interaction) => interaction.request.endpoint)).toEqual(scenario.hooks)
    }

    const replayed = await scenario.run(project, { SERVE_APP, CI: '1' })
    expect(replayed.code, replayed.output).toBe(0)
    expect(replayed.output).toContain(`Cassettes  ${calls} replayed · 0 recorded · 0 obsolete · 0 missing`)
    expect(Object.fromEntries(Object.entries(await project.cassetteTexts()).filter(([path]) => path.startsWith(scenario.file)))).toEqual(texts)
  })
})
