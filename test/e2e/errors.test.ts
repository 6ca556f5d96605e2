import { existsSync } from 'node:fs'
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest'
import { FixtureProject } from '../support/fixture-project.js'
import { startOpenAIServer, type OpenAIServer } from '../support/openai-server.js'

const API_KEY = 'sk-test-errors-0123456789abcdef'
const CASSETTE = 'cassettes/chat.test.ts/chat › answers.json'

describe('when a call cannot be served', () => {
  let server: OpenAIServer
  let project: FixtureProject
  const live = (env: Record<string, string> = {}) => ({ OPENAI_BASE_URL: server.url, OPENAI_API_KEY: API_KEY, ...env })

  beforeAll(async () => {
    server = await startOpenAIServer()
  })
  afterAll(() => server.close())
  beforeEach(async () => {
    project = await FixtureProject.create('single')
    return () => project.remove()
  })

  test('CI fails on a missing cassette, naming the cassette, the request and the command that records it', async () => {
    const before = server.requests.length
    const run = await project.run([], { CI: 'true', OPENAI_BASE_URL: server.url })
    expect(run.code).toBe(1)
    expect(run.output).toContain('CassetteMissError: [llm-cassettes] no recording for POST /v1/chat/completions (model gpt-4o-mini)')
    expect(run.output).toContain(`cassette: ${CASSETTE}`)
    expect(run.output).toContain('test:     chat.test.ts > chat > answers')
    expect(run.output).toContain('mode:     replay (CI detected)')
    expect(run.output).toContain('The cassette does not exist or holds no interactions.')
    expect(run.output).toContain("To record it, run locally with an API key: npx vitest run chat.test.ts -t 'chat answers$'")
    expect(run.output).not.toContain('Connection error')
    expect(server.requests.length).toBe(before)
    expect(existsSync(project.path(CASSETTE))).toBe(false)
  })

  test('a changed request names the recording of the same call and the field that differs', async () => {
    expect((await project.run([], live({ PROMPT: 'Hello' }))).code).toBe(0)
    const run = await project.run([], { CI: 'true', PROMPT: 'Goodbye' })
    expect(run.code).toBe(1)
    expect(run.output).toContain('call 1 of 1 in this test is the first that has no recording.')
    expect(run.output).toContain('recording #1, POST /v1/chat/completions (model gpt-4o-mini), differs in:')
    expect(run.output).toContain('body.messages[0].content: recorded "Hello", now "Goodbye"')
  })

  test('one call more than was recorded is a miss', async () => {
    expect((await project.run([], live({ CALLS: '2' }))).code).toBe(0)
    expect((await project.run([], { CI: 'true', CALLS: '2' })).code).toBe(0)
    const run = await project.run([], { CI: 'true', CALLS: '3' })
    expect(run.code).toBe(1)
    expect(run.output).toContain('call 3 in this test (the cassette holds 2) is the first that has no recording; calls 1–2 matched recordings #1–#2.')
    expect(run.output).toContain('This exact request was recorded 2 time(s); this is call 3 of it.')
  })

  test('LLM_CASSETTES_MODE=replay behaves as CI does', async () => {
    const before = server.requests.length
    const run = await project.run([], { LLM_CASSETTES_MODE: 'replay', ...live() })
    expect(run.code).toBe(1)
    expect(run.output).toContain('mode:     replay (LLM_CASSETTES_MODE=replay)')
    expect(server.requests.length).toBe(before)
  })

  test('LLM_CASSETTES_MODE=live sends the call and writes nothing', async () => {
    const before = server.requests.length
    const run = await project.run([], { LLM_CASSETTES_MODE: 'live', ...live({ PROMPT: 'live only' }) })
    expect(run.code).toBe(0)
    expect(server.requests.length).toBe(before + 1)
    expect(await project.cassettes()).toEqual([])
  })

  test('LLM_CASSETTES_MODE=record re-records a recorded call; auto appends only what is missing', async () => {
    expect((await project.run([], live({ PROMPT: 'first' }))).code).toBe(0)
    expect((await project.run([], live({ PROMPT: 'second' }))).code).toBe(0)
    const contents = async () =>
      (JSON.parse(await project.read(CASSETTE)) as { interactions: { request: { body: { messages: { content: string }[] } } }[] }).interactions.map(
        (i) => i.request.body.messages[0]?.content,
      )
    expect(await contents()).toEqual(['first', 'second'])
    const before = server.requests.length
    expect((await project.run([], { LLM_CASSETTES_MODE: 'record', ...live({ PROMPT: 'second' }) })).code).toBe(0)
    expect(server.requests.length).toBe(before + 1)
    expect(await contents()).toEqual(['second'])
  })

  test('an unknown mode is an error that lists the valid ones', async () => {
    const run = await project.run([], { LLM_CASSETTES_MODE: 'replai', ...live() })
    expect(run.code).toBe(1)
    expect(run.output).toContain('LLM_CASSETTES_MODE is "replai", which is not a mode. Valid modes: auto, replay, update, record, live.')
  })

  test('no API key when a call must go live: says so and names the cassette', async () => {
    const run = await project.run([], { OPENAI_BASE_URL: server.url })
    expect(run.code).toBe(1)
    expect(run.output).toContain('OPENAI_API_KEY is not set, so POST /v1/chat/completions (model gpt-4o-mini) cannot be sent live')
    expect(run.output).toContain(`to record ${CASSETTE} (mode auto: default)`)
    expect(existsSync(project.path(CASSETTE))).toBe(false)
  })

  test('a corrupt cassette is a CassetteError naming the file, and it is never overwritten', async () => {
    const corrupt = '{"version": 1, "test": "chat.test.ts > chat > answers", "interactions": [ {"request": '
    await project.write(CASSETTE, corrupt)
    for (const args of [[], ['-u']]) {
      const run = await project.run(args, live())
      expect(run.code).toBe(1)
      expect(run.output).toContain(`CassetteError: [llm-cassettes] ${project.path(CASSETTE)} is not valid JSON`)
      expect(await project.read(CASSETTE)).toBe(corrupt)
    }
  })

  test('a cassette of the wrong shape names the JSON path', async () => {
    const wrong = `${JSON.stringify({ version: 1, test: 'x', interactions: [{ request: { method: 'POST', body: {} }, response: { body: null, is_streaming: false } }] })}\n`
    await project.write(CASSETTE, wrong)
    const run = await project.run([], live())
    expect(run.code).toBe(1)
    expect(run.output).toContain(`${project.path(CASSETTE)}: $.interactions[0].request.endpoint must be a string`)
    expect(await project.read(CASSETTE)).toBe(wrong)
  })

  test('a response holding the API key is refused before it is written', async () => {
    const run = await project.run([], live({ PROMPT: `my key is ${API_KEY}` }))
    expect(run.code).toBe(1)
    expect(run.output).toContain(
      `CassetteSecretError: [llm-cassettes] refused to write ${CASSETTE}: the client's API key appears at $.interactions[0].request.body.messages[0].content`,
    )
    expect(existsSync(project.path(CASSETTE))).toBe(false)
  })
})
