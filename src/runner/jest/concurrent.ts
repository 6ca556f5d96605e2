import { CassetteError } from '../../errors.js'
import { expectState, runningTest } from './jest-state.js'
import { namesOf } from './test-identity.js'

/**
 * Whether the calling code belongs to a `test.concurrent` test. Jest 30 tells which test's code is running
 * (`currentTestIdentity`); Jest 29 names the concurrent test only (`currentConcurrentTestName`), and starts
 * concurrent tests early, so their calls can come while a plain test is the running one.
 */
function inConcurrentTest(): boolean {
  const state = expectState()
  const identity = state.currentTestIdentity?.()
  if (identity) return identity.concurrent
  const running = runningTest()
  const concurrentName = state.currentConcurrentTestName?.()
  if (concurrentName === undefined) return running?.concurrent === true
  // Jest 30 releases without currentTestIdentity name every test here: the running plain test is not concurrent.
  return !(running && !running.concurrent && concurrentName === namesOf(running).join(' '))
}

/** Jest runs no `beforeEach` for `test.concurrent`, so such a test has no cassette: refuse its calls clearly. */
export function concurrentTestRefusal(): CassetteError | undefined {
  if (!inConcurrentTest()) return undefined
  const name = expectState().currentConcurrentTestName?.()
  return new CassetteError(
    `a wrapped OpenAI client was called from a test.concurrent test${name ? ` (${JSON.stringify(name)})` : ''}. ` +
      'Jest runs no beforeEach hooks for concurrent tests, so llm-cassettes cannot give the test a cassette. ' +
      'Use plain test() for tests that call OpenAI (or run concurrent tests with Vitest, where they are supported).',
    { code: 'ERR_CASSETTE_CONCURRENT' },
  )
}
