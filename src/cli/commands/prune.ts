import { join, resolve } from 'node:path'
import { createFileStore } from '../../cassette/store.js'
import { readReport, REPORT_FILE, writeReport } from '../../report/report-file.js'
import { removeObsolete } from '../../report/remove-obsolete.js'
import { UsageError, type Command } from '../command.js'
import { parseCommandArgs } from '../parse.js'

const HOW_TO_REPORT = 'run the whole suite once, e.g. `npx vitest run`, then prune'

export const pruneCommand: Command = {
  name: 'prune',
  summary: 'delete the cassettes the last full test run reported obsolete',
  help: `Usage: llm-cassettes prune [dir] [--dry-run]

Deletes the cassette files and removes the interactions that the last complete test run reported unused
(${REPORT_FILE} in the cassette directory, written by the cassettes() Vitest plugin after every run).
A run filtered with -t, a file pattern, --shard or --project is not complete: prune refuses its report.
Files that do not parse as cassettes are never deleted.

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
      io.err(`llm-cassettes prune: no report in ${dir} (${REPORT_FILE}): ${HOW_TO_REPORT}.`)
      return 1
    }
    if (!report.complete) {
      io.err(`llm-cassettes prune: the last run was filtered or interrupted, so it cannot tell which cassettes are obsolete: ${HOW_TO_REPORT}.`)
      return 1
    }
    const dryRun = values['dry-run'] === true
    const files = report.obsolete.map((path) => join(dir, path))
    const interactions = new Map(Object.entries(report.obsoleteInteractions).map(([path, indexes]) => [join(dir, path), indexes]))
    const removals = await removeObsolete(files, interactions, createFileStore(), { dryRun })
    // Interaction indexes are only valid once: a second prune must not remove what now sits at those indexes.
    if (!dryRun) await writeReport(dir, { ...report, obsolete: [], obsoleteInteractions: {}, summary: { ...report.summary, obsolete: 0 } })
    const shown = (path: string) => path.slice(dir.length + 1)
    for (const removal of removals) {
      const what = removal.action === 'deleted' ? 'delete' : `remove interactions ${removal.interactions!.join(', ')} from`
      io.out(`${dryRun ? 'would ' : ''}${what} ${shown(removal.path)}`)
    }
    io.out(removals.length === 0 ? 'nothing to prune' : `${dryRun ? 'would prune' : 'pruned'} ${removals.length} cassette(s)`)
    return 0
  },
}
