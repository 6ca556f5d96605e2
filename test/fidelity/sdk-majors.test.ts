import { readFile, readdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { isDeepStrictEqual } from 'node:util'
import { describe, expect, test } from 'vitest'
import { FixtureProject, REPO_ROOT } from '../support/fixture-project.js'
import { startOpenAIServer } from '../support/openai-server.js'
import { currentCompatTable, renderCompatTable, replaceCompatTable, type CompatResults } from './compat-table.js'

const MAJORS = [
  { major: '4', alias: 'openai-v4' },
  { major: '5', alias: 'openai-v5' },
  { major: '6', alias: 'openai' },
  { major: '7', alias: 'openai-v7' },
] as const

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

const compat: CompatResults = {}

// The same suite (test/fixtures/fidelity) runs live against the local server in record mode, then from its
// cassettes with the server stopped, on each openai major; every kept result must be deep-equal.
describe.each(MAJORS)('openai $major ($alias)', ({ major, alias }) => {
  test('replay is indistinguishable from the live run', async () => {
    const project = await FixtureProject.create('fidelity')
    const server = await startOpenAIServer()
    const env = { OPENAI_PACKAGE: alias, OPENAI_API_KEY: API_KEY }
    try {
      const record = await project.run(['-u', '--reporter=json', '--outputFile=record.json'], {
        ...env,
        OPENAI_BASE_URL: server.url,
        RESULTS_DIR: project.path('live'),
      })
      await server.close()
      const replay = await project.run(['--reporter=json', '--outputFile=replay.json'], {
        ...env,
        CI: 'true',
        OPENAI_BASE_URL: DEAD_BASE_URL,
        RESULTS_DIR: project.path('replayed'),
      })
      const recorded = await statuses(project, 'record.json')
      const replayed = await statuses(project, 'replay.json')
      const live = await readJsonDir(project.path('live'))
      const fromCassette = await readJsonDir(project.path('replayed'))

      // Each behaviour's cell: it passed live and from the cassette, and it observed the same values.
      for (const [name, { status }] of replayed) {
        compat[name] ??= {}
        compat[name]![major] =
          status === 'passed' && recorded.get(name)?.status === 'passed' && name in live && isDeepStrictEqual(live[name], fromCassette[name])
      }

      for (const [name, { status, failure }] of recorded) expect(status, `${name} (live): ${failure}`).toBe('passed')
      for (const [name, { status, failure }] of replayed) expect(status, `${name} (replay): ${failure}`).toBe('passed')
      expect(record.code).toBe(0)
      expect(replay.code).toBe(0)
      for (const name of replayed.keys()) expect(fromCassette[name], name).toEqual(live[name])
      // The recorded 429 asked the SDK to wait; the replayed retry does not.
      expect(fromCassette['note-retry-ms']).toBeLessThan(200)
    } finally {
      await server.close()
      if (!process.env.KEEP_FIXTURES) await project.remove()
    }
  })
})

// Runs after the four majors above (tests in a file run in order).
test('the README compatibility table is the one this run produced', async () => {
  const readmePath = join(REPO_ROOT, 'README.md')
  const readme = await readFile(readmePath, 'utf8')
  const table = renderCompatTable(compat, MAJORS.map(({ major }) => major))
  expect(Object.keys(compat).length).toBeGreaterThan(10)
  if (process.env.UPDATE_COMPAT_TABLE) await writeFile(readmePath, replaceCompatTable(readme, table))
  else expect(currentCompatTable(readme), 'the README compatibility table is stale: run `npm run compat`').toBe(table)
})
