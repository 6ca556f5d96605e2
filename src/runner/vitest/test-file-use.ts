import type { TestCase, TestModule } from 'vitest/node'
import { cassettePathFor, testFileCassetteDir } from '../../cassette/paths.js'
import type { TestOutcome } from '../../report/test-outcome.js'
import { reportedIdentityOf, testFileOf } from './reported-identity.js'
import { sessionSummaryOf } from './summary-meta.js'

function outcomeOf(test: TestCase, dir: string): TestOutcome {
  const summary = sessionSummaryOf(test.meta())
  const { state } = test.result()
  return {
    state: state === 'passed' || state === 'failed' ? state : 'other',
    cassettePath: summary && !summary.shared ? summary.cassettePath : cassettePathFor(dir, reportedIdentityOf(test)),
    summary,
  }
}

/** The tests of one test file, as the report sees them. */
export function outcomesOf(module: TestModule, dir: string): TestOutcome[] {
  return [...module.children.allTests()].map((test) => outcomeOf(test, dir))
}

/** `<dir>/<test file>/`: where the test file's own cassettes live. */
export function cassetteDirOf(module: TestModule, dir: string): string {
  return testFileCassetteDir(dir, testFileOf(module))
}
