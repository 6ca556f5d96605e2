import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { FixtureProject, REPO_ROOT } from '../support/fixture-project.js'
import { startOpenAIServer, type OpenAIServer } from '../support/openai-server.js'

const REFUSE = join(REPO_ROOT, 'test/safety/support/refuse-connections.cjs')
const exec = promisify(execFile)

let server: OpenAIServer
let project: FixtureProject
beforeAll(async () => {
  server = await startOpenAIServer()
  project = await FixtureProject.create('basic')
})
afterAll(async () => {
  await server.close()
  await project.remove()
})

const refusedEnv = (log: string) => ({ NODE_OPTIONS: `--require ${REFUSE}`, REFUSED_CONNECTIONS_LOG: log })

test('the connection blocker itself catches fetch', async () => {
  const log = project.path('blocker-check.log')
  const script = "fetch('http://127.0.0.1:59999/v1/models').catch(() => {})"
  await exec(process.execPath, ['-e', script], { env: { ...process.env, ...refusedEnv(log) } })
  expect(await readFile(log, 'utf8')).toContain('59999')
})

test('replay opens no socket: every endpoint of the basic fixture, server gone, outbound connections refused', async () => {
  const recorded = await project.run([], { OPENAI_BASE_URL: server.url, OPENAI_API_KEY: 'sk-test-offline-0123456789' })
  expect(recorded.output).toContain('Tests  34 passed (34)')
  await server.close()
  const log = project.path('refused-connections.log')
  // Default baseURL (api.openai.com) and no key, as in CI; LLM_CASSETTES_MODE=replay never goes live.
  const replay = await project.run([], { LLM_CASSETTES_MODE: 'replay', ...refusedEnv(log) })
  expect(replay.output).toContain('Tests  34 passed (34)')
  const attempts = existsSync(log) ? (await readFile(log, 'utf8')).trim().split('\n').filter(Boolean) : []
  const covered = (await readFile(`${log}.loaded`, 'utf8')).trim().split('\n').length
  // The Vitest main process and its test workers all ran with the blocker.
  expect(covered).toBeGreaterThan(1)
  console.log(
    `offline replay: 34 tests (every endpoint of the basic fixture) replayed in ${covered} processes with sockets refused, ${attempts.length} connections attempted`,
  )
  expect(attempts).toEqual([])
})
