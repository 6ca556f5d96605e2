import { afterAll, beforeAll, expect, test } from 'vitest'
import { FixtureProject } from '../support/fixture-project.js'
import { startAnthropicServer, type AnthropicServer } from '../support/anthropic-server/index.js'
import { startOpenAIServer, type OpenAIServer } from '../support/openai-server.js'

let project: FixtureProject
let server: OpenAIServer
let anthropic: AnthropicServer

beforeAll(async () => {
  project = await FixtureProject.create('auto')
  server = await startOpenAIServer()
  anthropic = await startAnthropicServer()
})
afterAll(async () => {
  await server.close()
  await anthropic.close()
  await project.remove()
})

interface StoredCassette {
  interactions: { request: { endpoint: string }; response: { body: { __type__: string } } }[]
}

test("llm-cassettes/auto records clients the code under test creates, from either module copy of openai and @anthropic-ai/sdk, and Azure's", async () => {
  const record = await project.run([], {
    OPENAI_BASE_URL: server.url,
    OPENAI_API_KEY: 'sk-test-auto-0123456789',
    AZURE_TEST_ENDPOINT: server.origin,
    ANTHROPIC_BASE_URL: anthropic.url,
    ANTHROPIC_API_KEY: 'sk-ant-api03-auto-0123456789abcdef',
  })
  expect(record.output).toContain('Tests  7 passed (7)')
  expect(await project.cassettes()).toEqual([
    'auto.test.ts/a client from the CommonJS copy of @anthropic-ai%2Fsdk #de2467.json',
    'auto.test.ts/a client from the CommonJS copy of openai #dd8443.json',
    'auto.test.ts/a client from the ESM copy of @anthropic-ai%2Fsdk #90ef83.json',
    'auto.test.ts/a client from the ESM copy of openai #e60609.json',
    'auto.test.ts/an AzureOpenAI client #57c4e0.json',
    'auto.test.ts/wrapAnthropic on a client auto already covers is a no-op #4d723f.json',
    'auto.test.ts/wrapOpenAI on a client auto already covers is a no-op #9531b9.json',
  ])
  const twice = JSON.parse(await project.read('cassettes/auto.test.ts/wrapOpenAI on a client auto already covers is a no-op #9531b9.json')) as {
    interactions: unknown[]
  }
  expect(twice.interactions).toHaveLength(1)
  const azure = JSON.parse(await project.read('cassettes/auto.test.ts/an AzureOpenAI client #57c4e0.json')) as StoredCassette
  expect(azure.interactions[0]!.request.endpoint).toBe('/v1/deployments/gpt-4o-mini/chat/completions')
  expect(azure.interactions[0]!.response.body.__type__).toBe('openai.types.chat.chat_completion.ChatCompletion')

  for (const copy of ['ESM', 'CommonJS']) {
    const file = (await project.cassettes()).find((name) => name.includes(`the ${copy} copy of @anthropic-ai`))!
    const cassette = JSON.parse(await project.read(`cassettes/${file}`)) as StoredCassette
    expect(cassette.interactions.map(({ request, response }) => [request.endpoint, response.body.__type__])).toEqual([
      ['/v1/messages', 'anthropic.types.message.Message'],
    ])
  }
  expect(anthropic.requests).toHaveLength(3)

  await server.close()
  await anthropic.close()
  const replay = await project.run([], { CI: 'true', OPENAI_BASE_URL: 'http://127.0.0.1:9/v1', ANTHROPIC_BASE_URL: 'http://127.0.0.1:9' })
  expect(replay.output).toContain('Tests  7 passed (7)')
  expect(replay.code).toBe(0)
})
