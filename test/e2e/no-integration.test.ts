import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { FixtureProject, JEST_PACKAGES, type RunResult } from '../support/fixture-project.js'

type Runner = { name: string; setUp: string; run: (project: FixtureProject) => Promise<RunResult> }

const RUNNERS: Runner[] = [
  { name: 'Vitest', setUp: "add `plugins: [cassettes()]` (from 'llm-cassettes/vitest') to vitest.config.ts", run: (project) => project.run([]) },
  ...JEST_PACKAGES.map((jest) => ({
    name: 'Jest',
    setUp: "add `setupFilesAfterEnv: ['llm-cassettes/jest']` to the Jest config",
    run: (project: FixtureProject) => project.runJest([], {}, { jest, esm: true }),
  })),
  {
    name: 'node:test',
    setUp: 'run `node --test --import llm-cassettes/node-test`',
    run: (project) => project.runNodeTest(['--import', './node-test-globals.mjs', 'tests/call.test.mjs'], {}, { integration: false, reporter: false }),
  },
]

// A wrapped client called inside a test, in a run whose llm-cassettes integration was never set up: the error says
// exactly that, and how to set it up, instead of calling the test "outside a test".
describe.each(RUNNERS)('a runner without the integration: $name', ({ name, setUp, run }) => {
  let project: FixtureProject
  beforeAll(async () => {
    project = await FixtureProject.create('no-integration')
  })
  afterAll(() => project.remove())

  test('the error names the runner and how to set it up', async () => {
    const result = await run(project)
    expect(result.code).toBe(1)
    expect(result.output).toContain(
      `in a ${name} run, but llm-cassettes' ${name} integration is not set up, so the test has no cassette. To set it up, ${setUp}.`,
    )
    expect(result.output).toContain('[llm-cassettes] a wrapped OpenAI client called http://127.0.0.1:9/v1/models in a')
    expect(result.output).not.toContain('Connection error')
  })
})
