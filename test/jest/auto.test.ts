import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { FixtureProject, JEST_PACKAGES } from '../support/fixture-project.js'
import { startAnthropicServer, type AnthropicServer } from '../support/anthropic-server/index.js'
import { startOpenAIServer, type OpenAIServer } from '../support/openai-server.js'

describe.each(JEST_PACKAGES)('%s with llm-cassettes/auto', (jest) => {
  let server: OpenAIServer
  let anthropic: AnthropicServer
  let project: FixtureProject

  beforeAll(async () => {
    server = await startOpenAIServer()
    anthropic = await startAnthropicServer()
    project = await FixtureProject.create('jest-auto')
  })
  afterAll(async () => {
    await server.close()
    await anthropic.close()
    await project.remove()
  })

  test('records the OpenAI and Anthropic clients the code under test creates, then replays them with --ci and the servers gone', async () => {
    const live = {
      OPENAI_BASE_URL: server.url,
      OPENAI_API_KEY: 'sk-test-jest-auto-0123456789',
      ANTHROPIC_BASE_URL: anthropic.url,
      ANTHROPIC_API_KEY: 'sk-ant-api03-jest-auto-0123456789',
    }
    const record = await project.runJest([], live, { jest })
    expect(record.code, record.output).toBe(0)
    const files = await project.cassettes()
    expect(files).toHaveLength(2)
    for (const file of files) {
      const cassette = JSON.parse(await project.read(`cassettes/${file}`)) as { interactions: unknown[] }
      expect(cassette.interactions, file).toHaveLength(1)
    }
    expect(anthropic.requests).toHaveLength(1)
    await server.close()
    await anthropic.close()
    const replay = await project.runJest(['--ci'], { OPENAI_BASE_URL: 'http://127.0.0.1:9/v1', ANTHROPIC_BASE_URL: 'http://127.0.0.1:9' }, { jest })
    expect(replay.code, replay.output).toBe(0)
    expect(replay.output).toContain('Tests:       2 passed, 2 total')
  })
})
