import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { FixtureProject, JEST_PACKAGES } from '../support/fixture-project.js'
import { startOpenAIServer, type OpenAIServer } from '../support/openai-server.js'

describe.each(JEST_PACKAGES)('%s with llm-cassettes/auto', (jest) => {
  let server: OpenAIServer
  let project: FixtureProject

  beforeAll(async () => {
    server = await startOpenAIServer()
    project = await FixtureProject.create('jest-auto')
  })
  afterAll(async () => {
    await server.close()
    await project.remove()
  })

  test('records a client the code under test creates, then replays it with --ci and the server gone', async () => {
    const record = await project.runJest([], { OPENAI_BASE_URL: server.url, OPENAI_API_KEY: 'sk-test-jest-auto-0123456789' }, { jest })
    expect(record.code, record.output).toBe(0)
    expect(await project.cassettes()).toHaveLength(1)
    const cassette = JSON.parse(await project.read(`cassettes/${(await project.cassettes())[0]}`)) as { interactions: unknown[] }
    expect(cassette.interactions).toHaveLength(1)
    await server.close()
    const replay = await project.runJest(['--ci'], { OPENAI_BASE_URL: 'http://127.0.0.1:9/v1' }, { jest })
    expect(replay.code, replay.output).toBe(0)
  })
})
