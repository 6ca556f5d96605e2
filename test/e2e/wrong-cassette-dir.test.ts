import { writeFile } from 'node:fs/promises'
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest'
import { FixtureProject, JEST_PACKAGES } from '../support/fixture-project.js'
import { startOpenAIServer, type OpenAIServer } from '../support/openai-server.js'

const API_KEY = 'sk-test-dir-0123456789abcdef'

let server: OpenAIServer
beforeAll(async () => {
  server = await startOpenAIServer()
})
afterAll(() => server.close())

/** What every runner must show for LLM_CASSETTES_DIR naming a file: one clear error, no live call, a reporter that does not throw. */
function expectOneClearError(output: string, project: FixtureProject, requestsBefore: number): void {
  expect(output).toContain(`CassetteError: [llm-cassettes] cannot record`)
  expect(output).toContain(`${project.path('not-a-folder')} is a file, not a folder. Nothing was sent.`)
  expect(server.requests.length, 'no call went live').toBe(requestsBefore)
  expect(output).not.toMatch(/ENOTDIR|Unhandled|Connection error/)
  expect(output).toContain(`llm-cassettes: no end-of-run report: ${project.path('not-a-folder')} is a file, not a folder (the cassette folder)`)
}

describe('LLM_CASSETTES_DIR names a file', () => {
  let project: FixtureProject | undefined
  afterEach(() => project?.remove())

  test('Vitest: the test fails before the call goes live, naming the folder; the reporter prints one line', async () => {
    project = await FixtureProject.create('single')
    await writeFile(project.path('not-a-folder'), 'a file')
    const before = server.requests.length
    const run = await project.run([], { OPENAI_BASE_URL: server.url, OPENAI_API_KEY: API_KEY, LLM_CASSETTES_DIR: 'not-a-folder' })
    expect(run.code).toBe(1)
    expectOneClearError(run.output, project, before)
  })

  test.each(JEST_PACKAGES)('%s: the same, with llm-cassettes/jest-reporter', async (jest) => {
    project = await FixtureProject.create('jest-single')
    await writeFile(project.path('not-a-folder'), 'a file')
    const before = server.requests.length
    const run = await project.runJest(
      ['chat.test.js', '--reporters=default', '--reporters=llm-cassettes/jest-reporter'],
      { OPENAI_BASE_URL: server.url, OPENAI_API_KEY: API_KEY, LLM_CASSETTES_DIR: 'not-a-folder' },
      { jest },
    )
    expect(run.code).toBe(1)
    expectOneClearError(run.output, project, before)
  })
})
