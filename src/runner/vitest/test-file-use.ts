import { dirname } from 'node:path'
import type { TestModule } from 'vitest/node'
import { cassettePathFor } from '../../cassette/paths.js'
import type { TestFileUse } from '../../report/obsolete.js'
import { reportedIdentityOf, testFileOf } from './reported-identity.js'
import { sessionSummaryOf } from './summary-meta.js'

/** How the tests of one test file used their cassettes: which stay whole, which were read and what they left unused. */
export function testFileUse(module: TestModule, dir: string): TestFileUse {
  const kept = new Set<string>()
  const used = new Map<string, number[]>()
  for (const test of module.children.allTests()) {
    const summary = sessionSummaryOf(test.meta())
    const own = summary && !summary.shared ? summary.cassettePath : cassettePathFor(dir, reportedIdentityOf(test))
    if (summary?.shared) kept.add(summary.cassettePath)
    // Skipped, todo and failed tests keep theirs: they did not show what they still need. So do live runs.
    if (test.result().state !== 'passed' || !summary || summary.mode === 'live') kept.add(own)
    else if (summary.shared) continue // its own cassette, if any, is no longer read
    else if (summary.mode === 'record') used.set(own, [])
    else if (summary.unused) used.set(own, summary.unused)
    // A passing test that made no call leaves its cassette unused.
  }
  const placeholder = cassettePathFor(dir, { file: testFileOf(module), names: ['-'], occurrence: 1 })
  return { cassetteDir: dirname(placeholder), kept, used }
}
