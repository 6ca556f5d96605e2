import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { afterEach, beforeEach, expect, test } from 'vitest'
import { serializeCassette } from '../../src/cassette/serialize.js'
import { createFileStore } from '../../src/cassette/store.js'
import { CassetteSession } from '../../src/session/cassette-session.js'
import { sessionCall } from '../support/session-call.js'

const BASE_URL = 'https://api.openai.com/v1'
const body = (prompt: string) => ({ model: 'm', messages: [{ role: 'user', content: prompt }] })

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'llm-cassettes-close-'))
})
afterEach(() => rm(dir, { recursive: true, force: true }))

/** A full garbage collection, without starting the test process with --expose-gc. */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc')
  ;(runInNewContext('gc') as () => void)()
}

// A runner may keep a finished session reachable until its test file ends (Vitest's per-test abort listener keeps
// the async context whose store it was): what it parsed and replayed must not stay with it.
test('close() keeps the summary and lets go of the parsed cassette', async () => {
  const path = join(dir, 't.json')
  const interactions = ['a', 'b'].map((prompt) => ({
    request: { method: 'POST', url: `${BASE_URL}/chat/completions`, headers: {}, body: body(prompt), endpoint: '/v1/chat/completions', model: 'm' },
    response: { body: { id: prompt, reply: prompt.repeat(100_000) }, is_streaming: false },
  }))
  await writeFile(path, serializeCassette({ version: 1, test: 'a.test.ts > t', interactions }))
  const session = new CassetteSession({
    cassettePath: path,
    displayPath: 't.json',
    test: 'a.test.ts > t',
    resolveMode: () => ({ mode: 'replay', reason: 'test' }),
    recordCommand: '',
    store: createFileStore(),
  })
  const call = await sessionCall(
    `${BASE_URL}/chat/completions`,
    { method: 'POST', body: JSON.stringify(body('a')) },
    { baseURL: BASE_URL, apiKey: 'sk-unit-0123456789', sendLive: () => Promise.reject(new Error('no live call in replay')) },
  )
  const served = await session.handle(call)
  expect(((await served.response.json()) as { id: string }).id).toBe('a')
  await session.finish()

  const held = new WeakRef((session as unknown as { loadedPlayer: object }).loadedPlayer)
  const summary = session.close()
  expect(summary).toMatchObject({ mode: 'replay', replayed: 1, unused: [1] })
  expect(session.summary()).toBe(summary)
  // A WeakRef keeps its target alive until the current job ends.
  await new Promise((resolve) => setImmediate(resolve))
  collectGarbage()
  expect(held.deref()).toBeUndefined()
})
