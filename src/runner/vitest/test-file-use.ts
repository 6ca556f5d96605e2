import type { TestCase, TestModule } from 'vitest/node'
import { cassettePathFor, testFileCassetteDir } from '../../cassette/paths.js'
import { hookOutcomes } from '../../report/hook-outcomes.js'
import type { TestOutcome } from '../../report/test-outcome.js'
import { reportedIdentityOf, testFileOf } from './reported-identity.js'
import { hooksSummariesOf, sessionSummaryOf } from './summary-meta.js'

function outcomeOf(test: TestCase, dir: string): TestOutcome {
  const summary = sessionSummaryOf(test.meta())
  const { state } = test.result()
  return {
    state: state === 'passed' || state === 'failed' ? state : 'other',
    cassettePath: summary && !summary.shared ? summary.cassettePath : cassettePathFor(dir, reportedIdentityOf(test)),
    summary,
  }
}

/** The tests of one test file, and its suites' beforeAll/afterAll cassettes, as the report sees them. */
export function outcomesOf(module: TestModule, dir: string): TestOutcome[] {
  const tests = [...module.children.allTests()]
  const outcomes = tests.map((test) => outcomeOf(test, dir))
  const named = tests.map((test, index) => ({ names: reportedIdentityOf(test).names, state: outcomes[index]!.state }))
  return [...outcomes, ...hookOutcomes(dir, testFileOf(module), named, hooksSummariesOf(module.meta()))]
}

/** `<dir>/<test file>/`: where the test file's own cassettes live. */
export function cassetteDirOf(module: TestModule, dir: string): string {
  return testFileCassetteDir(dir, testFileOf(module))
}
