import { beforeEach } from 'vitest'
import type { RunnerTestCase } from 'vitest'
import { CassetteError } from '../../errors.js'
import type { CassetteSession } from '../../session/cassette-session.js'
import { runWithSession, setSequentialSession, useSequentialRunner } from '../../session/current.js'

/** Starts one attempt of a test: the session its calls use, and how the attempt ends. */
export type StartAttempt = (test: RunnerTestCase) => { session: CassetteSession; finish: () => Promise<void> }

type TestFunction = () => unknown

/** `vitest/suite` of Vitest 3: the runner's table of test functions. Vitest 5 no longer exports it. */
interface SuiteFunctions {
  getFn(test: RunnerTestCase): TestFunction | undefined
  setFn(test: RunnerTestCase, fn: TestFunction): void
}

/** The sessions of the tests running now: more than one under `test.concurrent`. */
// A variable, so that Vitest 5, which transforms setup files and has no `vitest/suite`, does not try to resolve it.
const SUITE_MODULE = 'vitest/suite'

const running = new Map<RunnerTestCase, CassetteSession>()
/** The session of the file's own beforeAll/afterAll hooks, while the file runs. */
let between: CassetteSession | undefined

/** Hooks find the session of the one test running; none while several run; the file's hooks session between tests. */
const updateHookSession = () => setSequentialSession(running.size === 1 ? [...running.values()][0] : running.size === 0 ? between : undefined)

/** Calls made while no test runs (the file's beforeAll/afterAll hooks) use this session. */
export function setFileHooksSession(session: CassetteSession | undefined): void {
  between = session
  updateHookSession()
}

function concurrentHookRefusal(): CassetteError | undefined {
  if (running.size <= 1) return undefined
  return new CassetteError(
    'a wrapped OpenAI client was called outside a test body (from a beforeEach/afterEach hook?) while ' +
      `${running.size} concurrent tests were running. Vitest 3 cannot tell which test such a call belongs to. ` +
      'Make the call inside the test, or upgrade to Vitest 4, whose aroundEach scopes hooks too.',
    { code: 'ERR_CASSETTE_CONCURRENT' },
  )
}

/**
 * Vitest 3 has no `aroundEach`. Its runner calls the `beforeEach` hooks and only then fetches the test's
 * function (`getFn`), so a `beforeEach` that swaps in a function running the original inside the attempt's
 * AsyncLocalStorage scope gives every test body, `test.concurrent` included, its own session. Calls from
 * hooks, which run outside that scope, get the session of the one test running, and are refused while
 * several concurrent tests run.
 */
export function scopeTestBodies(attempt: StartAttempt): void {
  useSequentialRunner(concurrentHookRefusal)
  running.clear()
  between = undefined
  beforeEach(async (context) => {
    const test = context.task
    const { getFn, setFn } = (await import(/* @vite-ignore */ SUITE_MODULE)) as SuiteFunctions
    const original = getFn(test)
    if (!original) return undefined
    const { session, finish } = attempt(test)
    running.set(test, session)
    updateHookSession()
    setFn(test, () => runWithSession(session, original))
    // Cleanups run after the afterEach hooks, when the attempt's result is known.
    return async () => {
      setFn(test, original)
      running.delete(test)
      updateHookSession()
      await finish()
    }
  })
}
