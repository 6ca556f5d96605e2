import { existsSync } from 'node:fs'
import { readdir } from 'node:fs/promises'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { RunResult } from '../support/fixture-project.js'
import { startOpenAIServer, type OpenAIServer } from '../support/openai-server.js'
import { packedTarball } from './packed-tarball.js'
import { API_KEY, CHANGED_PROMPT, PROJECTS, RUNNERS, SCENARIOS, testFileFor, type Outcome, type ProjectName, type Runner } from './scenarios.js'
import { sameVersionAsHere, UserProject } from './user-project.js'

const RESULTS = 'results.json'

interface TestResult {
  title: string
  status: string
  failureMessages: string[]
}

/** Per test, from the Jest-shaped JSON both runners write. */
async function resultsOf(project: UserProject, result: RunResult): Promise<Map<string, TestResult>> {
  expect(existsSync(project.path(RESULTS)), `no ${RESULTS} written:\n${result.output}`).toBe(true)
  const { testResults } = JSON.parse(await project.read(RESULTS)) as { testResults: { assertionResults: TestResult[] }[] }
  return new Map(testResults.flatMap((file) => file.assertionResults).map((result) => [result.title, result]))
}

function run(project: UserProject, runner: Runner, env: Record<string, string>): Promise<RunResult> {
  const args = runner.args(RESULTS)
  if (runner.command === 'vitest') return project.vitest(args, env)
  return project.jest(args, env, { esm: runner.command === 'jest-esm' })
}

async function expectOutcomes(project: UserProject, runner: Runner, result: RunResult, phase: 'record' | 'replay'): Promise<void> {
  const results = await resultsOf(project, result)
  const cassetteFolder = runner.file
  for (const scenario of SCENARIOS) {
    const outcome: Outcome = scenario[phase]
    const seen = results.get(scenario.test)
    expect(seen?.status, `${scenario.test}\n${result.output}`).toBe(outcome.status)
    const message = seen!.failureMessages.join('\n')
    // A cassette error must reach the test as itself, not as the SDK's "Connection error." after its retries.
    expect(message).not.toContain('Connection error')
    if (outcome.status === 'failed') {
      for (const line of outcome.says) {
        const expected = line.replaceAll('%file', cassetteFolder)
        expect(message, scenario.test).toContain(expected)
        // What users see: the runner prints it.
        expect(result.output, scenario.test).toContain(expected)
      }
    }
  }
}

const NODE_MAJOR = Number(process.versions.node.split('.')[0])
const runsHere = (runner: Runner) => NODE_MAJOR >= (runner.minimumNode ?? 0)
const projects = new Map<ProjectName, UserProject>()

// Packed from a fresh clone, installed into new projects outside the repository (in parallel, each once).
beforeAll(async () => {
  const { tarball } = await packedTarball()
  const openai = await sameVersionAsHere('openai')
  const needed = new Set(RUNNERS.filter(runsHere).map((runner) => runner.project))
  const create = async (name: ProjectName) => {
    const { type, runner, config } = PROJECTS[name]
    const project = await UserProject.create(tarball, type, [openai, await sameVersionAsHere(runner.installed, runner.as)])
    await project.write(...config)
    projects.set(name, project)
  }
  await Promise.all([...needed].map(create))
}, 300_000)

afterAll(() => Promise.all([...projects.values()].map((project) => project.remove())))

// Each runner loads the build its users load. Record against the hand-made server, then replay in CI with a changed prompt.
for (const runner of RUNNERS)
  describe.skipIf(!runsHere(runner))(runner.name, () => {
    let server: OpenAIServer
    let project: UserProject

    beforeAll(async () => {
      project = projects.get(runner.project)!
      await project.write(runner.file, testFileFor(runner))
      server = await startOpenAIServer()
    })

    afterAll(() => server?.close())

    test('records: the calls are saved, the API key is refused with where it was found', async () => {
      const result = await run(project, runner, { OPENAI_BASE_URL: server.url, OPENAI_API_KEY: API_KEY })
      expect(result.code, result.output).toBe(1)
      await expectOutcomes(project, runner, result, 'record')
      // The retried call was sent twice and both attempts were recorded.
      expect(server.requests.filter((request) => JSON.stringify(request.body).includes('"flaky"'))).toHaveLength(2)
      // One cassette per test, except the refused one.
      const recorded = SCENARIOS.filter((scenario) => scenario.record.status === 'passed').map((scenario) => `${scenario.test}.json`)
      expect((await readdir(project.path('cassettes', runner.file))).sort()).toEqual(recorded.sort())
      expect(result.output).toMatch(/Cassettes {2}0 replayed · 4 recorded · 0 obsolete · 0 missing/)
    })

    test('replays in CI with no server and no key; a changed prompt is a miss naming the nearest request and its diff', async () => {
      const before = server.requests.length
      const result = await run(project, runner, { CI: '1', PROMPT: CHANGED_PROMPT })
      expect(result.code, result.output).toBe(1)
      await expectOutcomes(project, runner, result, 'replay')
      expect(server.requests.length).toBe(before)
      // One miss per test that missed: a miss is not retried by the SDK.
      expect(result.output).toMatch(/Cassettes {2}3 replayed · 0 recorded · 0 obsolete · 2 missing/)
    })
  })
