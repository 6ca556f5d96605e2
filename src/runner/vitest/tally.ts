import type { TestCase } from 'vitest/node'
import type { RunSummary } from '../../report/report-file.js'
import { sessionSummaryOf } from './summary-meta.js'

export type Totals = Omit<RunSummary, 'obsolete' | 'removed'>

/** The run's call totals, one per test (its last attempt). */
export function tally(tests: Iterable<TestCase>): Totals {
  const totals: Totals = { replayed: 0, recorded: 0, missing: 0, liveCallsSaved: 0, tokensSaved: 0, failedTestsKeptRecordings: 0 }
  for (const test of tests) {
    const summary = sessionSummaryOf(test.meta())
    if (!summary) continue
    const recorded = summary.saved ? summary.recorded : 0
    totals.replayed += summary.replayed
    totals.recorded += recorded
    totals.missing += summary.missed
    totals.liveCallsSaved += summary.replayed
    totals.tokensSaved += summary.tokensSaved
    if (test.result().state === 'failed' && recorded > 0) totals.failedTestsKeptRecordings += 1
  }
  return totals
}
