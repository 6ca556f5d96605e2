import { hooksCassettePath } from '../cassette/paths.js'
import type { SessionSummary } from '../session/session-summary.js'
import type { TestOutcome } from './test-outcome.js'

/** What a worker reported for one suite's beforeAll/afterAll hooks. */
export interface SuiteHooksReport {
  names: readonly string[]
  occurrence: number
  failed: boolean
  summary: SessionSummary
}

const chainKey = (names: readonly string[]) => JSON.stringify(names)

const noCalls = (cassettePath: string): SessionSummary => ({
  cassettePath,
  shared: false,
  mode: undefined,
  replayed: 0,
  recorded: 0,
  missed: 0,
  tokensSaved: 0,
  unused: undefined,
  saved: false,
})

/**
 * The hooks cassettes of one test file as outcomes the obsolete logic reads like tests': one per suite (the file
 * itself and every describe with tests), `passed` when every test below it passed (its cassette is then judged
 * by what the hooks used, or obsolete when they made no call: a suite no worker reported made none), `failed` when a hook threw, `other` (kept whole)
 * otherwise. Describes of the same chain share the verdict of their tests, which a runner may not tell apart.
 */
export function hookOutcomes(
  dir: string,
  file: string,
  tests: Iterable<{ names: readonly string[]; state: TestOutcome['state'] }>,
  reports: readonly SuiteHooksReport[],
): TestOutcome[] {
  const chains = new Map<string, { names: readonly string[]; allPassed: boolean }>()
  for (const { names, state } of tests) {
    for (let depth = 0; depth < names.length; depth++) {
      const chain = names.slice(0, depth)
      const known = chains.get(chainKey(chain))
      chains.set(chainKey(chain), { names: chain, allPassed: (known?.allPassed ?? true) && state === 'passed' })
    }
  }
  const outcomes = new Map<string, TestOutcome>()
  for (const { names, allPassed } of chains.values()) {
    const cassettePath = hooksCassettePath(dir, { file, names, occurrence: 1 })
    // Workers report only the suites whose hooks made calls: the others made none, and use no cassette.
    outcomes.set(cassettePath, { state: allPassed ? 'passed' : 'other', cassettePath, summary: noCalls(cassettePath) })
  }
  for (const report of reports) {
    const cassettePath = hooksCassettePath(dir, { file, names: report.names, occurrence: report.occurrence })
    const allPassed = chains.get(chainKey(report.names))?.allPassed ?? false
    outcomes.set(cassettePath, { state: report.failed ? 'failed' : allPassed ? 'passed' : 'other', cassettePath, summary: report.summary })
  }
  return [...outcomes.values()]
}
