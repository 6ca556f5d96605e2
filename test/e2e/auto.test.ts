import { afterAll, beforeAll, expect, test } from 'vitest'
import { FixtureProject } from '../support/fixture-project.js'
import { startOpenAIServer, type OpenAIServer } from '../support/openai-server.js'

let project: FixtureProject
let server: OpenAIServer

beforeAll(async () => {
  project = await FixtureProject.create('auto')
  server = await startOpenAIServer()
})
afterAll(async () => {
  await server.close()
  await project.remove()
})

test("llm-cassettes/auto records clients the code under test creates, from either module copy and Azure's", async () => {
  const record = await project.run([], {
    OPENAI_BASE_URL: server.url,
    OPENAI_API_KEY: 'sk-test-auto-0123456789',
    AZURE_TEST_ENDPOINT: server.origin,
  })
  expect(record.output).toContain('Tests  4 passed (4)')
  expect(await project.cassettes()).toEqual([
    'auto.test.ts/a client from the CommonJS copy of openai #dd8443.json',
    'auto.test.ts/a client from the ESM copy of openai #e60609.json',
    'auto.test.ts/an AzureOpenAI client #57c4e0.json',
    'auto.test.ts/wrapOpenAI on a client auto already covers is a no-op #9531b9.json',
  ])
  const twice = JSON.parse(await project.read('cassettes/auto.test.ts/wrapOpenAI on a client auto already covers is a no-op #9531b9.json')) as {
    interactions: unknown[]
  }
  expect(twice.interactions).toHaveLength(1)
  const azure = JSON.parse(await project.read('cassettes/auto.test.ts/an AzureOpenAI client #57c4e0.json')) as {
    interactions: { request: { endpoint: string }; response: { body: { __type__: string } } }[]
  }
  expect(azure.interactions[0]!.request.endpoint).toBe('/v1/deployments/gpt-4o-mini/chat/completions')
  expect(azure.interactions[0]!.response.body.__type__).toBe('openai.types.chat.chat_completion.ChatCompletion')

  await server.close()
  const replay = await project.run([], { CI: 'true', OPENAI_BASE_URL: 'http://127.0.0.1:9/v1' })
  expect(replay.output).toContain('Tests  4 passed (4)')
  expect(replay.code).toBe(0)
})
