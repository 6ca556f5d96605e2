import { readFile, readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { isDeepStrictEqual } from 'node:util'
import { expect } from 'vitest'
import { FixtureProject, type JestPackage, type RunResult } from '../support/fixture-project.js'
import type { CompatColumn } from './compat-table.js'

export const MAJORS = [
  { major: '4', alias: 'openai-v4' },
  { major: '5', alias: 'openai-v5' },
  { major: '6', alias: 'openai' },
  { major: '7', alias: 'openai-v7' },
] as const

/** The columns of the OpenAI tables in docs/compatibility.md. */
export const OPENAI_COLUMNS: readonly CompatColumn[] = MAJORS.map(({ major }) => [major, `openai ${major}`])

const API_KEY = 'sk-test-fidelity-0123456789abcdef'
const DEAD_BASE_URL = 'http://127.0.0.1:9/v1'

interface JsonReport {
  testResults: { assertionResults: { ancestorTitles: string[]; title: string; status: string; failureMessages: string[] }[] }[]
}

async function readJsonDir(dir: string): Promise<Record<string, unknown>> {
  const values: Record<string, unknown> = {}
  for (const file of (await readdir(dir)).sort()) values[file.replace(/\.json$/, '')] = JSON.parse(await readFile(join(dir, file), 'utf8'))
  return values
}

async function statuses(project: FixtureProject, report: string): Promise<Map<string, { status: string; failure: string }>> {
  const json = JSON.parse(await project.read(report)) as JsonReport
  const byName = new Map<string, { status: string; failure: string }>()
  for (const result of json.testResults.flatMap((file) => file.assertionResults)) {
    byName.set([...result.ancestorTitles, result.title].join(' › '), { status: result.status, failure: result.failureMessages.join('\n') })
  }
  return byName
}

export interface FidelityRun {
  fixture: string
  /** The installed openai alias (`openai-v4`, …) the fixture's config resolves `openai` to (OPENAI_PACKAGE), for the OpenAI suites; other suites name their SDK in `env`. */
  alias?: string
  /** Environment of both runs (e.g. which suite of the fixture to run). */
  env?: Record<string, string>
  /** Environment of the recording run (server URLs); the replay run gets dead URLs and CI=true instead. */
  liveEnv: Record<string, string>
  deadEnv?: Record<string, string>
  /** Stops the servers between the two runs. */
  stopServers(): Promise<void>
  /** Which runner runs the fixture (default Vitest): the fixture has a harness and a config for each. */
  runner?: 'vitest' | JestPackage
  /** Looks at the project after both runs (its cassettes), before it is removed. */
  inspect?(project: FixtureProject): Promise<void>
}

/** Runs the fixture once through the chosen runner, in record (`-u`) or replay mode, with a JSON report. */
function runOnce(project: FixtureProject, run: FidelityRun, mode: 'record' | 'replay', env: Record<string, string>): Promise<RunResult> {
  const report = `${mode}.json`
  const runner = run.runner ?? 'vitest'
  if (runner === 'vitest') return project.run([...(mode === 'record' ? ['-u'] : []), '--reporter=json', `--outputFile=${report}`], env)
  const flags = mode === 'record' ? ['-u'] : ['--ci']
  return project.runJest([...flags, '--json', `--outputFile=${report}`], env, { jest: runner, esm: true })
}

/**
 * Runs a fidelity fixture live in record mode, stops the servers, runs it again from its cassettes, and
 * asserts both runs passed with deep-equal kept results. Returns each behaviour's verdict for the README.
 */
export interface FidelityResult {
  /** Behaviour (`describe › test`) → passed live and replayed, with deep-equal observations. */
  verdicts: Record<string, boolean>
  /** Facts the replay run noted that are not compared, e.g. `note-retry-ms`. */
  notes: Record<string, unknown>
}

export async function expectReplayMatchesLive(run: FidelityRun): Promise<FidelityResult> {
  const project = await FixtureProject.create(run.fixture)
  try {
    const env = { ...(run.alias ? { OPENAI_PACKAGE: run.alias } : {}), OPENAI_API_KEY: API_KEY, ...run.env }
    const record = await runOnce(project, run, 'record', { ...env, ...run.liveEnv, RESULTS_DIR: project.path('live') })
    await run.stopServers()
    const replay = await runOnce(project, run, 'replay', {
      ...env,
      OPENAI_BASE_URL: DEAD_BASE_URL,
      ...run.deadEnv,
      CI: 'true',
      RESULTS_DIR: project.path('replayed'),
    })
    const recorded = await statuses(project, 'record.json')
    const replayed = await statuses(project, 'replay.json')
    const live = await readJsonDir(project.path('live'))
    const fromCassette = await readJsonDir(project.path('replayed'))

    // Each behaviour's cell: it passed live and from the cassette, and it observed the same values.
    const verdicts: Record<string, boolean> = {}
    for (const [name, { status }] of replayed) {
      verdicts[name] = status === 'passed' && recorded.get(name)?.status === 'passed' && name in live && isDeepStrictEqual(live[name], fromCassette[name])
    }

    for (const [name, { status, failure }] of recorded) expect(status, `${name} (live): ${failure}`).toBe('passed')
    for (const [name, { status, failure }] of replayed) expect(status, `${name} (replay): ${failure}`).toBe('passed')
    expect(record.code, record.output).toBe(0)
    expect(replay.code, replay.output).toBe(0)
    expect(replayed.size).toBeGreaterThan(0)
    for (const name of replayed.keys()) expect(fromCassette[name], name).toEqual(live[name])
    const notes = Object.fromEntries(Object.entries(fromCassette).filter(([name]) => name.startsWith('note-')))
    await run.inspect?.(project)
    return { verdicts, notes }
  } finally {
    if (!process.env.KEEP_FIXTURES) await project.remove()
  }
}
