import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { serializeCassette } from '../../src/cassette/serialize.js'
import { createFileStore } from '../../src/cassette/store.js'
import type { Cassette, Interaction } from '../../src/cassette/types.js'
import type { Mode } from '../../src/mode.js'
import { CassetteSession } from '../../src/session/cassette-session.js'
import { sessionCall } from '../support/session-call.js'

const BASE_URL = 'https://api.openai.com/v1'

const body = (prompt: string) => ({ model: 'm', messages: [{ role: 'user', content: prompt }] })

function recorded(prompt: string, reply: string): Interaction {
  return {
    request: { method: 'POST', url: `${BASE_URL}/chat/completions`, headers: {}, body: body(prompt), endpoint: '/v1/chat/completions', model: 'm' },
    response: { body: { id: `old-${prompt}`, reply }, is_streaming: false },
  }
}

describe('update mode (-u)', () => {
  let dir: string
  let path: string
  let live: string[]
  const store = createFileStore()

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'llm-cassettes-update-'))
    path = join(dir, 't.json')
    live = []
  })
  afterEach(() => rm(dir, { recursive: true, force: true }))

  const session = (mode: Mode = 'update') =>
    new CassetteSession({
      cassettePath: path,
      displayPath: 't.json',
      test: 'a.test.ts > t',
      resolveMode: () => ({ mode, reason: 'test' }),
      recordCommand: '',
      store,
    })

  async function ask(target: CassetteSession, prompt: string): Promise<{ reply: unknown; replayed: boolean }> {
    const call = await sessionCall(
      `${BASE_URL}/chat/completions`,
      { method: 'POST', body: JSON.stringify(body(prompt)) },
      {
        baseURL: BASE_URL,
        apiKey: 'sk-unit-0123456789',
        sendLive: async () => {
          live.push(prompt)
          return Response.json({ id: `new-${prompt}`, reply: `live ${prompt}` })
        },
      },
    )
    const served = await target.handle(call)
    return { reply: ((await served.response.json()) as { reply: unknown }).reply, replayed: served.replayed }
  }

  async function start(...interactions: Interaction[]): Promise<string> {
    // Written with a different key order and indent than the store's, as a hand edit would: only a rewrite changes it.
    const text = `${JSON.stringify({ version: 1, test: 'a.test.ts > t', interactions } satisfies Cassette, null, 2)}\n`
    await writeFile(path, text)
    return text
  }

  test('calls that all match replay, go nowhere and leave every byte of the cassette', async () => {
    const before = await start(recorded('one', 'r1'), recorded('two', 'r2'))
    const test = session()
    expect(await ask(test, 'one')).toEqual({ reply: 'r1', replayed: true })
    expect(await ask(test, 'two')).toEqual({ reply: 'r2', replayed: true })
    await test.finish()
    expect(live).toEqual([])
    expect(await readFile(path, 'utf8')).toBe(before)
    expect(test.summary()).toMatchObject({ mode: 'update', replayed: 2, recorded: 0, saved: false, unused: [] })
  })

  test('a changed call goes live; the cassette becomes the calls made, in order, the replayed ones kept as they were', async () => {
    const one = recorded('one', 'r1')
    const three = recorded('three', 'r3')
    await start(one, recorded('two', 'r2'), three)
    const test = session()
    expect(await ask(test, 'one')).toEqual({ reply: 'r1', replayed: true })
    expect(await ask(test, 'two, changed')).toEqual({ reply: 'live two, changed', replayed: false })
    expect(await ask(test, 'three')).toEqual({ reply: 'r3', replayed: true })
    await test.finish()
    expect(live).toEqual(['two, changed'])
    const written = JSON.parse(await readFile(path, 'utf8')) as Cassette
    expect(written.interactions.map((interaction) => (interaction.response.body as { id: string }).id)).toEqual(['old-one', 'new-two, changed', 'old-three'])
    expect(written.interactions[0]).toEqual(one)
    expect(written.interactions[2]).toEqual(three)
    expect(await readFile(path, 'utf8')).toBe(serializeCassette(written))
    // The rewritten cassette holds no interaction the test did not use.
    expect(test.summary()).toMatchObject({ replayed: 2, recorded: 1, saved: true, unused: [] })
  })

  test('fewer calls than recorded and nothing new: nothing is written (the end of a complete run trims it)', async () => {
    const before = await start(recorded('one', 'r1'), recorded('two', 'r2'))
    const test = session()
    await ask(test, 'one')
    await test.finish()
    expect(await readFile(path, 'utf8')).toBe(before)
    expect(test.summary()).toMatchObject({ saved: false, unused: [1] })
  })

  test('a failed test keeps, after its calls, the recordings it did not get to', async () => {
    await start(recorded('one', 'r1'), recorded('two', 'r2'), recorded('three', 'r3'))
    const test = session()
    await ask(test, 'one, changed')
    await test.finish({ failed: true })
    const written = JSON.parse(await readFile(path, 'utf8')) as Cassette
    expect(written.interactions.map((interaction) => (interaction.response.body as { id: string }).id)).toEqual([
      'new-one, changed',
      'old-one',
      'old-two',
      'old-three',
    ])
    expect(test.summary().unused).toEqual([1, 2, 3])
  })

  test('a new cassette is recorded as in auto mode', async () => {
    const test = session()
    await ask(test, 'one')
    await test.finish()
    expect(live).toEqual(['one'])
    expect((JSON.parse(await readFile(path, 'utf8')) as Cassette).interactions).toHaveLength(1)
  })

  test('record mode (explicit) still sends every call live', async () => {
    await start(recorded('one', 'r1'))
    const test = session('record')
    expect(await ask(test, 'one')).toEqual({ reply: 'live one', replayed: false })
    await test.finish()
    expect(live).toEqual(['one'])
  })
})
