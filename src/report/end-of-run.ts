import { existsSync } from 'node:fs'
import { relative, sep } from 'node:path'
import { createFileStore } from '../cassette/store.js'
import { fingerprintOf } from './fingerprint.js'
import { findObsolete, type Obsolete, type TestFileUse } from './obsolete.js'
import { findOrphans } from './orphans.js'
import { removeObsolete, type Removal } from './remove-obsolete.js'
import { writeReport, type CassetteReport, type RunSummary } from './report-file.js'
import { tally, type TestOutcome } from './test-outcome.js'
import { unusedInteractions } from './unused-interactions.js'

/** What a runner's reporter knows at the end of a run, for one cassette dir. */
export interface RunFacts {
  /** The project root test files are relative to. */
  root: string
  /** The cassette dir. */
  dir: string
  /** Every test the run reported: the call totals count them. */
  tests: Iterable<TestOutcome>
  /** The test files whose tests all ran (no name filter) and were collected without error. */
  ranInFull: readonly TestFileUse[]
  /** Every test file ran in full: cassettes of test files that no longer exist are obsolete too. */
  complete: boolean
  /** `-u` and the runner allows it: delete obsolete files and cut unused interactions instead of listing them. */
  remove: boolean
}

/** The end of a run: its totals, what is still obsolete, what `-u` removed. */
export interface RunAccount {
  summary: RunSummary
  obsolete: Obsolete
  removals: Removal[]
}

const toReportPath = (dir: string, path: string) => relative(dir, path).split(sep).join('/')

/**
 * Finds what the run left obsolete (removing it when `remove`), then writes the run report (`reportPathOf(dir)`).
 * Undefined when the run touched no cassette and there is no cassette dir: nothing to report.
 */
export async function accountForRun(facts: RunFacts): Promise<RunAccount | undefined> {
  const { dir, complete } = facts
  const tests = [...facts.tests]
  const found = await findObsolete(facts.ranInFull)
  if (complete) found.files.push(...(await findOrphans(dir, facts.root, new Set(facts.ranInFull.map((file) => file.cassetteDir)))))
  // A cassette a test of this run used by name is not obsolete, whichever test file's folder it lies in.
  const usedByName = new Set(tests.flatMap(({ summary }) => (summary?.shared ? [summary.cassettePath] : [])))
  found.files = found.files.filter((path) => !usedByName.has(path))
  for (const path of usedByName) found.interactions.delete(path)
  const removals = facts.remove ? await removeObsolete(found.files, found.interactions, createFileStore()) : []
  const obsolete: Obsolete = facts.remove ? { files: [], interactions: new Map() } : found
  const summary: RunSummary = { ...tally(tests), obsolete: obsolete.files.length + obsolete.interactions.size, removed: removals.length }
  if (!Object.values(summary).some((value) => value > 0) && !existsSync(dir)) return undefined
  const listed = [...obsolete.files, ...obsolete.interactions.keys()]
  const fingerprints: Record<string, string> = {}
  for (const path of listed) {
    const fingerprint = await fingerprintOf(path)
    if (fingerprint) fingerprints[toReportPath(dir, path)] = fingerprint
  }
  const report: CassetteReport = {
    complete,
    obsolete: obsolete.files.map((path) => toReportPath(dir, path)),
    obsoleteInteractions: Object.fromEntries([...obsolete.interactions].map(([path, indexes]) => [toReportPath(dir, path), indexes])),
    fingerprints,
    summary,
  }
  await writeReport(dir, report)
  return { summary, obsolete, removals }
}

/**
 * The lines a reporter prints before the summary line: the obsolete cassettes, per file, and what `-u` removed.
 * `update` is the runner's command (`vitest -u`); paths are shown relative to `root`.
 */
export function accountLines(account: RunAccount, root: string, update: string): string[] {
  const shown = (path: string) => relative(root, path) || path
  const { files, interactions } = account.obsolete
  const lines: string[] = []
  const count = files.length + interactions.size
  if (count > 0) {
    lines.push(` Obsolete cassettes: ${count} (\`${update}\` or \`npx llm-cassettes prune\` removes them)`)
    for (const path of files) lines.push(`   ${shown(path)}`)
    for (const [path, indexes] of interactions) lines.push(`   ${shown(path)}  ${unusedInteractions(indexes)}`)
  }
  for (const removal of account.removals) {
    const what = removal.action === 'deleted' ? 'deleted' : `removed ${unusedInteractions(removal.interactions!)} from`
    lines.push(` Cassettes: ${what} ${shown(removal.path)}`)
  }
  return lines
}
