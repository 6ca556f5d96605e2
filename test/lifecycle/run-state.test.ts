import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, writeFile } from 'node:fs/promises'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { reportPathOf } from '../../src/report/report-file.js'
import { FixtureProject, type RunResult } from '../support/fixture-project.js'
import { startOpenAIServer, type OpenAIServer } from '../support/openai-server.js'
import { API_KEY } from './support.js'

const exec = promisify(execFile)

const RUNNERS: { name: string; fixture: string; run(project: FixtureProject, env: Record<string, string>): Promise<RunResult> }[] = [
  { name: 'Vitest', fixture: 'single', run: (project, env) => project.run([], env) },
  { name: 'Jest with llm-cassettes/jest-reporter', fixture: 'jest-lifecycle', run: (project, env) => project.runJest([], env, { jest: 'jest', esm: true }) },
]

// Run state is not committed by accident: a project as users have it (a git repository whose .gitignore holds
// node_modules/), recorded and committed; the runs after that change nothing, so `git status` stays clean.
describe.each(RUNNERS)('$name', ({ fixture, run }) => {
  let server: OpenAIServer
  let project: FixtureProject
  const git = async (...args: string[]) =>
    (await exec('git', ['-c', 'user.name=test', '-c', 'user.email=test@example.com', ...args], { cwd: project.dir })).stdout

  beforeAll(async () => {
    server = await startOpenAIServer()
    project = await FixtureProject.create(fixture)
    await mkdir(project.path('node_modules'))
    await writeFile(project.path('.gitignore'), 'node_modules/\n')
    await git('init', '-q')
  })
  afterAll(async () => {
    await server.close()
    await project.remove()
  })

  test('runs that change nothing leave git status clean; the run report is in node_modules/.cache', async () => {
    const record = await run(project, { OPENAI_BASE_URL: server.url, OPENAI_API_KEY: API_KEY })
    expect(record.code, record.output).toBe(0)
    await git('add', '-A')
    await git('commit', '-q', '-m', 'recorded')
    const replays: Record<string, string>[] = [{ CI: 'true' }, { OPENAI_BASE_URL: server.url, OPENAI_API_KEY: API_KEY }]
    for (const env of replays) {
      const again = await run(project, env)
      expect(again.code, again.output).toBe(0)
      expect(await git('status', '--porcelain', '--untracked-files=all')).toBe('')
    }
    const report = reportPathOf(project.path('cassettes'))
    expect(report.startsWith(project.path('node_modules', '.cache', 'llm-cassettes', 'report-'))).toBe(true)
    expect(existsSync(report)).toBe(true)
  })
})
