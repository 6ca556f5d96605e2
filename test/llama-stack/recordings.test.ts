import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import OpenAI from 'openai'
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { CassetteError, CassetteMissError, readRecording, wrapOpenAI } from '../../src/index.js'
import { lazyRecordingsPlayer } from '../../src/llama-stack/recordings-player.js'
import { CassetteSession } from '../../src/session/cassette-session.js'
import { sessionCall } from '../support/session-call.js'

const request = (content: string) => ({
  method: 'POST',
  url: 'http://localhost:11434/v1/v1/chat/completions',
  headers: {},
  body: { model: 'llama3.2:3b', messages: [{ role: 'user', content }], stream: false },
  endpoint: '/v1/chat/completions',
  model: 'llama3.2:3b',
})

const completion = (id: string, text: string) => ({
  __type__: 'openai.types.chat.chat_completion.ChatCompletion',
  __data__: {
    id,
    object: 'chat.completion',
    created: 1,
    model: 'llama3.2:3b',
    choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: text } }],
  },
})

const recording = (content: string, id: string, text: string) =>
  JSON.stringify({ request: request(content), response: { body: completion(id, text), is_streaming: false } })

const newClient = (dir: string | string[], mode?: 'replay') =>
  wrapOpenAI(new OpenAI({ apiKey: 'unused', baseURL: 'http://127.0.0.1:9/v1', maxRetries: 0 }), {
    llamaStackRecordings: dir,
    ...(mode ? { mode } : {}),
  })

const ask = (client: OpenAI, content: string) => client.chat.completions.create({ model: 'llama3.2:3b', messages: [{ role: 'user', content }], stream: false })

describe('llama-stack recordings outside a test runner', () => {
  let dir: string
  let warnings: string[]

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'llm-cassettes-recordings-'))
    warnings = []
    vi.spyOn(process, 'emitWarning').mockImplementation((warning: string | Error) => {
      warnings.push(String(warning))
    })
  })
  afterEach(async () => {
    vi.restoreAllMocks()
    await rm(dir, { recursive: true, force: true })
  })

  test('a directory that does not exist is an error naming it', () => {
    expect(() => newClient(join(dir, 'nowhere'), 'replay')).toThrowError(CassetteError)
    expect(() => newClient([dir, join(dir, 'nowhere')], 'replay')).toThrowError(/recordings directory .*nowhere .*does not exist/)
  })

  test('broken recordings are CassetteErrors naming the file and what is missing; the others keep working', async () => {
    await mkdir(join(dir, 'responses'))
    await writeFile(join(dir, 'responses', 'good.json'), recording('hi', 'chatcmpl-1', 'Hello!'))
    await writeFile(join(dir, 'responses', 'torn.json'), '{"request": {')
    await writeFile(join(dir, 'responses', 'no-response.json'), JSON.stringify({ request: request('x') }))
    await writeFile(join(dir, 'responses', 'neither.json'), '[]')

    await expect(readRecording(join(dir, 'responses', 'torn.json'))).rejects.toThrowError(/torn\.json is not a llama-stack recording: not valid JSON/)
    await expect(readRecording(join(dir, 'responses', 'no-response.json'))).rejects.toThrowError(
      /no-response\.json is not a llama-stack recording: "response" missing or not an object/,
    )
    await expect(readRecording(join(dir, 'responses', 'neither.json'))).rejects.toThrowError(/"request" and "response" missing/)

    const client = newClient(dir, 'replay')
    expect((await ask(client, 'hi')).choices[0]?.message.content).toBe('Hello!')
    expect(warnings).toHaveLength(3)
    expect(warnings.join('\n')).toMatch(/torn\.json is not a llama-stack recording: not valid JSON/)

    const miss = await ask(client, 'something else').catch((error: unknown) => error)
    expect(miss).toBeInstanceOf(CassetteMissError)
    expect((miss as Error).message).toContain('no recording for POST /v1/chat/completions (model llama3.2:3b)')
    expect((miss as Error).message).toContain(`llama-stack recordings in ${dir} (1 replayable requests; 3 unreadable file(s)`)
  })

  test('the same request recorded with different responses replays in file-path order, then repeats the last; a warning says so', async () => {
    await writeFile(join(dir, 'b.json'), recording('hi', 'chatcmpl-b', 'second'))
    await writeFile(join(dir, 'a.json'), recording('hi', 'chatcmpl-a', 'first'))
    const client = newClient(dir, 'replay')
    const answers = []
    for (let i = 0; i < 3; i++) answers.push((await ask(client, 'hi')).choices[0]?.message.content)
    expect(answers).toEqual(['first', 'second', 'second'])
    expect(warnings).toEqual([
      `[llm-cassettes] POST /v1/chat/completions (model llama3.2:3b) is recorded 2 times with different responses; ` +
        `replay serves them in this order, one per call, the last one repeating: ${join(dir, 'a.json')}, ${join(dir, 'b.json')}`,
    ])
  })

  test('inside tests, each test attempt replays duplicates from the first, whatever ran before it', async () => {
    await writeFile(join(dir, 'a.json'), recording('hi', 'chatcmpl-a', 'first'))
    await writeFile(join(dir, 'b.json'), recording('hi', 'chatcmpl-b', 'second'))
    const recordings = lazyRecordingsPlayer([dir])
    const body = JSON.stringify({ model: 'llama3.2:3b', messages: [{ role: 'user', content: 'hi' }], stream: false })
    const url = 'http://127.0.0.1:9/v1/chat/completions'
    const attempt = async () => {
      const session = new CassetteSession({
        cassettePath: join(dir, 'none', 'c.json'),
        displayPath: 'c.json',
        test: 't',
        resolveMode: () => ({ mode: 'replay', reason: 'test' }),
        recordCommand: '',
        store: { read: async () => undefined, update: async () => 'unchanged' },
      })
      const call = async () => {
        const served = await session.handle(
          await sessionCall(
            url,
            { method: 'POST', body },
            {
              baseURL: 'http://127.0.0.1:9/v1',
              sendLive: () => Promise.reject(new Error('no live calls')),
              recordings,
            },
          ),
        )
        return (await served.response.json()) as { id: string }
      }
      return [(await call()).id, (await call()).id]
    }
    expect(await attempt()).toEqual(['chatcmpl-a', 'chatcmpl-b'])
    expect(await attempt()).toEqual(['chatcmpl-a', 'chatcmpl-b'])
  })

  test('without mode replay, a call outside a test still fails with ERR_CASSETTE_NO_TEST', async () => {
    await writeFile(join(dir, 'a.json'), recording('hi', 'chatcmpl-a', 'first'))
    const error = await ask(newClient(dir), 'hi').catch((thrown: unknown) => thrown)
    expect(error).toMatchObject({ code: 'ERR_CASSETTE_NO_TEST' })
    expect((error as Error).message).toContain("{ llamaStackRecordings: dir, mode: 'replay' }")
  })

  test('readRecording keeps unknown types and untyped bodies as they are', async () => {
    const stored = {
      test_id: null,
      request: { method: 'POST', url: 'vertexai:///generate_content', headers: {}, body: {}, endpoint: '/generate_content', model: 'm' },
      response: { body: [{ __type__: 'someone_else.Type', __data__: { a: 1 } }, 'data: {"x": 1}'], is_streaming: true },
    }
    await writeFile(join(dir, 'x.json'), JSON.stringify(stored))
    expect(await readRecording(join(dir, 'x.json'))).toEqual(stored)
  })
})
