import { describe, expect, test } from 'vitest'
import type { Interaction } from '../../src/cassette/types.js'
import { checkReplayTiming, pacingFor, type ReplayTiming } from '../../src/exchange/pacing.js'
import { replayResponse } from '../../src/exchange/replay-response.js'
import { openaiFormat } from '../../src/providers/openai/format.js'
import { SuiteHooks } from '../../src/runner/suite-hooks.js'
import { CassetteSession } from '../../src/session/cassette-session.js'
import { currentSession } from '../../src/session/current.js'

const chunk = (content: string) => ({ id: 'c', object: 'chat.completion.chunk', choices: [{ index: 0, delta: { content } }] })
const stream: Interaction = {
  request: { method: 'POST', url: 'https://x/v1/chat/completions', headers: {}, body: {}, endpoint: '/v1/chat/completions', model: 'm' },
  response: { body: [chunk('a'), chunk('b'), chunk('c')], is_streaming: true, chunk_offsets_ms: [120, 180, 240], stream_end_ms: 300 },
}

/** When each SSE event of a replayed body reached the reader, in ms after the replay started. */
async function arrivals(timing: ReplayTiming): Promise<number[]> {
  const start = performance.now()
  const response = replayResponse(openaiFormat, stream, stream.request.url, undefined, pacingFor({ offsets: [120, 180, 240], end: 300 }, timing, start))
  const reader = response.body!.getReader()
  const times: number[] = []
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    if (new TextDecoder().decode(value).includes('"delta"')) times.push(performance.now() - start)
  }
  // The stream ends when it ended when recorded.
  times.push(performance.now() - start)
  return times
}

describe('replay timing', () => {
  test("'recorded' hands each chunk on when it arrived; a factor scales that; 'instant' waits for nothing", async () => {
    const recorded = await arrivals('recorded')
    recorded.forEach((ms, i) => expect(ms).toBeGreaterThanOrEqual([120, 180, 240, 300][i]! - 1))
    // Generous upper bounds: timers on a loaded machine fire late. test/snapshot measures the 10% promise end to end.
    expect(recorded[2]).toBeLessThan(240 + 150)
    const twice = await arrivals(2)
    twice.forEach((ms, i) => expect(ms).toBeGreaterThanOrEqual([60, 90, 120, 150][i]! - 1))
    expect(twice[2]).toBeLessThan(120 + 150)
    expect((await arrivals('instant'))[3]).toBeLessThan(100)
  })

  test('a bad timing is an option error naming what was given', () => {
    expect(() => checkReplayTiming(0, 'cassettes()')).toThrowError(
      "cassettes(): replayTiming must be 'instant', 'recorded' or a speed factor above 0 (2 = twice as fast), got 0",
    )
    expect(() => checkReplayTiming('slow', 'useReplayTiming()')).toThrowError('got "slow"')
  })
})

describe('SuiteHooks.wrap', () => {
  test("runs a hook in its suite's session, keeps its arity (Jest's done callback) and own properties (Vitest's timeout), and scopes a returned cleanup", async () => {
    const sessions: CassetteSession[] = []
    const hooks = new SuiteHooks('a.test.ts', (suite) => {
      const session = new CassetteSession({
        cassettePath: `/c/${suite.names.join('/')}.json`,
        displayPath: '',
        test: '',
        resolveMode: () => ({ mode: 'replay', reason: 'test' }),
        recordCommand: '',
        store: { read: async () => undefined, update: async () => 'unchanged' },
      })
      sessions.push(session)
      return { session, finish: async () => session.summary() }
    })
    const timeout = Symbol('timeout')
    let inDone: unknown
    const withDone = Object.assign(
      (done: () => void) => {
        inDone = currentSession()
        done()
      },
      { [timeout]: 5000 },
    )
    const wrapped = hooks.wrap(withDone as never, ['d'], 1) as unknown as typeof withDone
    expect(wrapped.length).toBe(1)
    expect(wrapped[timeout]).toBe(5000)
    expect(sessions).toHaveLength(0) // no session until a hook runs
    wrapped(() => undefined)
    expect(inDone).toBe(sessions[0])
    let inCleanup: unknown
    const setup = hooks.wrap((async () => () => (inCleanup = currentSession())) as never, ['d'], 1) as unknown as () => Promise<() => void>
    ;(await setup())()
    expect(inCleanup).toBe(sessions[0])
    expect(currentSession()).toBeUndefined()
  })
})
