import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from 'vitest'
import { createFileStore } from '../../src/cassette/store.js'
import { CassetteSession } from '../../src/session/cassette-session.js'
import { sessionCall } from '../support/session-call.js'
import type { Interaction } from '../../src/cassette/types.js'
import { CassetteMissError } from '../../src/errors.js'
import { canonicalRequest } from '../../src/match/canonical.js'
import { DEFAULT_MATCH_RULES } from '../../src/match/ignore.js'
import { Player } from '../../src/match/player.js'
import type { OutgoingRequest } from '../../src/exchange/outgoing-request.js'
import type { MissContext } from '../../src/session/miss-error.js'
import { missError } from '../../src/session/miss-error.js'

const options = {
  cassettePath: '/p/cassettes/a.test.ts/t.json',
  displayPath: 'cassettes/a.test.ts/t.json',
  test: 'a.test.ts > t',
  recordCommand: 'npx vitest run a.test.ts',
} satisfies MissContext

function request(content: string, sdk: string): OutgoingRequest {
  const body = { model: 'm', messages: [{ role: 'user', content }] }
  return {
    canonical: canonicalRequest('POST', '/v1/chat/completions', '', body),
    recorded: {
      method: 'POST',
      url: 'https://api.openai.com/v1/chat/completions',
      headers: {},
      body,
      endpoint: '/v1/chat/completions',
      model: 'm',
      provider_metadata: { openai_sdk_version: sdk },
    },
    init: undefined,
  }
}

test('a miss names the SDK version the cassette was recorded with when another is installed', () => {
  const recorded: Interaction = { request: request('hi', '4.104.0').recorded, response: { body: {}, is_streaming: false } }
  const error = missError(options, { mode: 'replay', reason: 'CI detected' }, request('hello', '6.49.0'), new Player([recorded]), {
    rules: DEFAULT_MATCH_RULES,
    received: new Set(),
    position: { call: 1, earlier: [] },
  })
  expect(error).toBeInstanceOf(CassetteMissError)
  expect(error.code).toBe('ERR_CASSETTE_MISS')
  expect(error.message).toContain('body.messages[0].content: recorded "hi", now "hello"')
  expect(error.message).toContain('The cassette was recorded with openai 4.104.0; openai 6.49.0 is installed.')
})

test("a miss in a multi-call test names the first call that diverged, the calls that matched, and the diff against the same call's recording", async () => {
  const dir = await mkdtemp(join(tmpdir(), 'llm-cassettes-miss-'))
  try {
    const prompt = (n: number) => `step ${n} at 2026-11-30T10:0${n}:00Z`
    const interactions = [1, 2, 3, 4, 5, 6, 7].map((n) => ({ request: request(prompt(n), '6.49.0').recorded, response: { body: { n }, is_streaming: false } }))
    const path = join(dir, 't.json')
    await writeFile(path, JSON.stringify({ version: 1, test: 'a.test.ts > t', interactions }))
    const session = new CassetteSession({
      ...options,
      cassettePath: path,
      resolveMode: () => ({ mode: 'replay', reason: 'CI detected' }),
      store: createFileStore(),
    })
    const ask = async (text: string) =>
      session.handle(
        await sessionCall(
          'https://api.openai.com/v1/chat/completions',
          { method: 'POST', body: JSON.stringify(request(text, '6.49.0').recorded.body) },
          {
            baseURL: 'https://api.openai.com/v1',
            sendLive: () => Promise.reject(new Error('never live')),
          },
        ),
      )
    // Another day: the timestamps differ, and are left out.
    await ask('step 1 at 2026-12-24T10:01:00Z')
    await ask('step 2 at 2026-12-24T10:02:00Z')
    const miss = await ask('step 3, reworded, at 2026-12-24T10:03:00Z').catch((error: unknown) => error as Error)
    expect(miss).toBeInstanceOf(CassetteMissError)
    const message = (miss as Error).message
    expect(message).toContain('call 3 of 7 in this test is the first that has no recording; calls 1–2 matched recordings #1–#2.')
    expect(message).toContain('recording #3, POST /v1/chat/completions (model m), differs in:')
    expect(message).toContain('body.messages[0].content: recorded "step 3 at <timestamp>", now "step 3, reworded, at <timestamp>"')
    expect(message).toContain('ignored when matching: body.messages[0].content (a timestamp)')
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
})
