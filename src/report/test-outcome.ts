import type { SessionSummary } from '../session/session-summary.js'
import type { TestFileUse } from './obsolete.js'
import type { RunSummary } from './report-file.js'

/** One test as a runner's reporter sees it after the run, whatever the runner. */
export interface TestOutcome {
  /** `other`: skipped, todo, or not run. */
  state: 'passed' | 'failed' | 'other'
  /** Absolute path of the test's own cassette, named from its identity. */
  cassettePath: string
  /** What its last attempt did with its cassette; undefined when no session ran for it. */
  summary: SessionSummary | undefined
}

/** How the tests of one test file used the cassettes in `cassetteDir`: which stay whole, which were read and what they left unused. */
export function testFileUse(cassetteDir: string, tests: Iterable<TestOutcome>): TestFileUse {
  const kept = new Set<string>()
  const used = new Map<string, number[]>()
  for (const { state, cassettePath: own, summary } of tests) {
    if (summary?.shared) kept.add(summary.cassettePath)
    // Skipped, todo and failed tests keep theirs: they did not show what they still need. So do live runs.
    if (state !== 'passed' || !summary || summary.mode === 'live') kept.add(own)
    else if (summary.shared)
      continue // its own cassette, if any, is no longer read
    else if (summary.mode === 'record') used.set(own, [])
    else if (summary.unused) used.set(own, summary.unused)
    // A passing test that made no call leaves its cassette unused.
  }
  return { cassetteDir, kept, used }
}

export type CallTotals = Omit<RunSummary, 'obsolete' | 'removed'>

/** The run's call totals, one per test (its last attempt). */
export function tally(tests: Iterable<TestOutcome>): CallTotals {
  const totals: CallTotals = { replayed: 0, recorded: 0, missing: 0, liveCallsSaved: 0, tokensSaved: 0, failedTestsKeptRecordings: 0 }
  for (const { state, summary } of tests) {
    if (!summary) continue
    const recorded = summary.saved ? summary.recorded : 0
    totals.replayed += summary.replayed
    totals.recorded += recorded
    totals.missing += summary.missed
    totals.liveCallsSaved += summary.replayed
    totals.tokensSaved += summary.tokensSaved
    if (state === 'failed' && recorded > 0) totals.failedTestsKeptRecordings += 1
  }
  return totals
}
