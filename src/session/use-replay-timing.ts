import { CassetteError } from '../errors.js'
import type { ReplayTiming } from '../exchange/pacing.js'
import { currentSession } from './current.js'

/**
 * Paces the current test's replayed streams: `'recorded'` hands each chunk on as long after the call as it
 * arrived when recorded, a number is a speed factor over that (2 = twice as fast), `'instant'` (the default)
 * hands them on at once. For code under test that deals with timeouts, cancellation or UI streaming. Call it
 * inside the test, before the calls it should pace; it overrides `cassettes({ replayTiming })` for this test.
 */
export function useReplayTiming(timing: ReplayTiming): void {
  const session = currentSession()
  if (!session) {
    throw new CassetteError(`useReplayTiming(${JSON.stringify(timing)}) was called outside a test; call it inside the test, before the calls it should pace.`, {
      code: 'ERR_CASSETTE_NO_TEST',
    })
  }
  session.useReplayTiming(timing)
}
