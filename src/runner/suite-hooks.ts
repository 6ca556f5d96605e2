import type { TestIdentity } from '../cassette/paths.js'
import { runWithSession } from '../session/current.js'
import type { SuiteHooksReport } from '../report/hook-outcomes.js'
import type { TestAttempt } from './test-attempt.js'

/** What the hooks of one suite (a describe, or the file: no names) did with their cassette, for the reporter. */
export type HooksSummary = SuiteHooksReport

type HookFunction = (this: unknown, ...args: unknown[]) => unknown

interface Suite {
  attempt: TestAttempt
  names: readonly string[]
  occurrence: number
  failed: boolean
}

const suiteKey = (names: readonly string[], occurrence: number) => JSON.stringify([names, occurrence])

/**
 * The `beforeAll`/`afterAll` sessions of one test file, one per suite whose hooks run: each suite's hook
 * functions are wrapped to run inside its session's scope, so their calls land in the suite's own cassette and
 * replay in order. Runner integrations find the hook functions; this knows no runner.
 */
export class SuiteHooks {
  private readonly suites = new Map<string, Suite>()

  constructor(
    private readonly file: string,
    private readonly start: (suite: TestIdentity) => TestAttempt,
  ) {}

  /** The suite's attempt, started on first use (a wrapped hook starts it when it runs). */
  attemptFor(names: readonly string[], occurrence: number): TestAttempt {
    return this.suiteFor(names, occurrence).attempt
  }

  /** Marks a suite failed (a hook threw where no wrapper saw it). */
  markFailed(names: readonly string[], occurrence: number): void {
    this.suiteFor(names, occurrence).failed = true
  }

  /**
   * `fn`, run inside the suite's session scope: same arity (Jest passes a `done` callback to hooks that declare
   * one), same own properties (Vitest keeps a hook's timeout on it). A cleanup function a `beforeAll` returns is
   * scoped the same way. A hook that throws marks the suite failed.
   */
  wrap<F extends HookFunction>(fn: F, names: readonly string[], occurrence: number): F {
    const suiteFor = () => this.suiteFor(names, occurrence)
    const scoped = (inner: HookFunction): HookFunction => {
      const wrapper = function (this: unknown, ...args: unknown[]): unknown {
        const suite = suiteFor()
        const failed = (error: unknown) => {
          suite.failed = true
          throw error
        }
        let result: unknown
        try {
          result = runWithSession(suite.attempt.session, () => inner.apply(this, args))
        } catch (error) {
          return failed(error)
        }
        if (typeof result === 'function') return scoped(result as HookFunction)
        if (result instanceof Promise) return result.then((value) => (typeof value === 'function' ? scoped(value as HookFunction) : value), failed)
        return result
      }
      Object.defineProperty(wrapper, 'length', { value: inner.length })
      return Object.assign(wrapper, inner)
    }
    return scoped(fn) as F
  }

  /** Writes what every suite's hooks recorded; the summaries of the suites whose hooks made calls. */
  async finishAll(): Promise<HooksSummary[]> {
    const summaries: HooksSummary[] = []
    for (const suite of this.suites.values()) {
      if (suite.attempt.session.summary().mode === undefined) continue // its hooks made no call
      const summary = await suite.attempt.finish(suite.failed)
      summaries.push({ names: suite.names, occurrence: suite.occurrence, failed: suite.failed, summary })
    }
    this.suites.clear()
    return summaries
  }

  private suiteFor(names: readonly string[], occurrence: number): Suite {
    const key = suiteKey(names, occurrence)
    let suite = this.suites.get(key)
    if (!suite) {
      suite = { attempt: this.start({ file: this.file, names, occurrence }), names, occurrence, failed: false }
      this.suites.set(key, suite)
    }
    return suite
  }
}

/** Numbers suites that share a describe chain in the order they are met (1, 2, …), as tests are numbered. */
export function occurrenceCounter(): (names: readonly string[]) => number {
  const seen = new Map<string, number>()
  return (names) => {
    const key = JSON.stringify(names)
    const next = (seen.get(key) ?? 0) + 1
    seen.set(key, next)
    return next
  }
}
