import { realpathSync } from 'node:fs'
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path'
import { createFileStore } from '../../cassette/store.js'
import { readCassetteIfAny } from '../../report/cassette-file.js'
import { fingerprintOf } from '../../report/fingerprint.js'
import { readReport, REPORT_LOCATION, reportPathOf, writeReport, type CassetteReport } from '../../report/report-file.js'
import { removeObsolete } from '../../report/remove-obsolete.js'
import { unusedInteractions } from '../../report/unused-interactions.js'
import { UsageError, type Command } from '../command.js'
import { parseCommandArgs } from '../parse.js'

/** Whether the report's `path` (relative to `dir`) names a file inside `dir`, even after its symbolic links are followed. */
function isInside(dir: string, path: string): boolean {
  const target = resolve(dir, path)
  const inside = (root: string, file: string) => {
    const rest = relative(root, file)
    return rest !== '' && !rest.startsWith('..') && !isAbsolute(rest)
  }
  if (!inside(dir, target)) return false
  // A link inside the directory to a folder outside it leads outside too.
  try {
    return inside(realpathSync(dir), join(realpathSync(dirname(target)), basename(target)))
  } catch {
    return true // a file that is gone is skipped later
  }
}

const HOW_TO_REPORT = 'run the whole suite once, e.g. `npx vitest run` or `npx jest`, then prune'

/**
 * Why each listed cassette must be left alone: its bytes are no longer those the run judged, or the report holds
 * no fingerprint of it. Files that are gone or are not cassettes are not listed (pruning never touches them).
 */
async function untrusted(report: CassetteReport, dir: string): Promise<Map<string, string>> {
  const reasons = new Map<string, string>()
  for (const path of [...report.obsolete, ...Object.keys(report.obsoleteInteractions)]) {
    if (!(await readCassetteIfAny(join(dir, path)))) continue
    const expected = report.fingerprints?.[path]
    if (expected === undefined) reasons.set(path, 'the report holds no fingerprint of it')
    else if ((await fingerprintOf(join(dir, path))) !== expected) reasons.set(path, 'changed since the test run that reported it')
  }
  return reasons
}

/** The report once the rest is pruned: interaction indexes are only valid once, so only the skipped files stay listed. */
function keepOnly(report: CassetteReport, skipped: ReadonlySet<string>): CassetteReport {
  const obsolete = report.obsolete.filter((path) => skipped.has(path))
  const obsoleteInteractions = Object.fromEntries(Object.entries(report.obsoleteInteractions).filter(([path]) => skipped.has(path)))
  const fingerprints = Object.fromEntries(Object.entries(report.fingerprints ?? {}).filter(([path]) => skipped.has(path)))
  const count = obsolete.length + Object.keys(obsoleteInteractions).length
  return { ...report, obsolete, obsoleteInteractions, fingerprints, summary: { ...report.summary, obsolete: count } }
}

export const pruneCommand: Command = {
  name: 'prune',
  summary: 'delete the cassettes the last full test run reported obsolete',
  help: `Usage: llm-cassettes prune [dir] [--dry-run]

Deletes the cassette files and removes the interactions that the last complete test run reported unused
(${REPORT_LOCATION}, written after every run by the cassettes() Vitest plugin or
the llm-cassettes/jest-reporter Jest reporter). A filtered run (-t, a file pattern, --shard, --project,
Jest's --onlyChanged…) is not complete: prune refuses its report. A cassette that changed since that run
(edited or re-recorded) is skipped and named: run the tests again to check it. Files that do not parse
as cassettes are never deleted.

Arguments:
  dir          the cassette directory (default: cassettes)

Options:
  --dry-run    list what would be removed, remove nothing
  -h, --help   show this help`,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, { 'dry-run': { type: 'boolean' } })
    if (values.help) {
      io.out(this.help)
      return 0
    }
    if (positionals.length > 1) throw new UsageError('expected at most one directory')
    const dir = resolve(positionals[0] ?? 'cassettes')
    const report = await readReport(dir)
    if (!report) {
      io.err(`llm-cassettes prune: no run report for ${dir} (looked for ${reportPathOf(dir)}): ${HOW_TO_REPORT}.`)
      return 1
    }
    if (!report.complete) {
      io.err(`llm-cassettes prune: the last run was filtered or interrupted, so it cannot tell which cassettes are obsolete: ${HOW_TO_REPORT}.`)
      return 1
    }
    const dryRun = values['dry-run'] === true
    // The report is a file anyone can edit: a path it names outside the cassette directory is never touched.
    for (const path of [...report.obsolete, ...Object.keys(report.obsoleteInteractions)]) {
      if (!isInside(dir, path)) io.out(`skip ${path}: not inside ${dir}, never touched`)
    }
    report.obsolete = report.obsolete.filter((path) => isInside(dir, path))
    report.obsoleteInteractions = Object.fromEntries(Object.entries(report.obsoleteInteractions).filter(([path]) => isInside(dir, path)))
    const reasons = await untrusted(report, dir)
    for (const [path, reason] of reasons) io.out(`skip ${path}: ${reason} (run the tests again to check it)`)
    const skipped = new Set(reasons.keys())
    const files = report.obsolete.filter((path) => !skipped.has(path)).map((path) => join(dir, path))
    const interactions = new Map(
      Object.entries(report.obsoleteInteractions)
        .filter(([path]) => !skipped.has(path))
        .map(([path, indexes]) => [join(dir, path), indexes]),
    )
    const removals = await removeObsolete(files, interactions, createFileStore(), { dryRun })
    if (!dryRun) await writeReport(dir, keepOnly(report, skipped))
    const shown = (path: string) => path.slice(dir.length + 1)
    for (const removal of removals) {
      const what = removal.action === 'deleted' ? 'delete' : `remove ${unusedInteractions(removal.interactions!)} from`
      io.out(`${dryRun ? 'would ' : ''}${what} ${shown(removal.path)}`)
    }
    io.out(removals.length === 0 ? 'nothing to prune' : `${dryRun ? 'would prune' : 'pruned'} ${removals.length} cassette(s)`)
    return 0
  },
}
