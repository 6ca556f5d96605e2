import { CassetteError } from '../../errors.js'
import { cassetteDir, looksLikeCassette, forEachJsonFile, relativePath, parseJsonFile } from '../cassette-dir.js'
import { obsoleteLabel, summarizeCassette, type CassetteSummary } from '../cassette-summary.js'
import { UsageError, type Command } from '../command.js'
import { parseCommandArgs } from '../parse.js'
import { parseCassetteOnce } from '../load-cassette.js'
import { readReport, REPORT_LOCATION } from '../../report/report-file.js'
import { formatSize, formatTable } from '../table.js'

export const lsCommand: Command = {
  name: 'ls',
  summary: 'list the cassettes: test, interactions, endpoints, models, size, obsolete',
  help: `Usage: llm-cassettes ls [dir] [--json] [--verbose]

Lists every cassette under [dir] (default: $LLM_CASSETTES_DIR, else ./cassettes), at any depth: its test,
number of interactions, endpoints, models and size, and whether the last test run left it unused, as read
from that run's report, ${REPORT_LOCATION}
("obsolete": no test used it; "2 unused": two of its interactions were not replayed).
Other JSON files in the directory are skipped, never changed.

Options:
  --json         print the list as JSON
  --verbose      also list the JSON files that are not cassettes
  -h, --help     show this help`,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, { json: { type: 'boolean' }, verbose: { type: 'boolean' } })
    if (values.help) {
      io.out(this.help)
      return 0
    }
    if (positionals.length > 1) throw new UsageError('expected at most one [dir]')
    const dir = cassetteDir(positionals[0])
    const report = await readReport(dir)
    const summaries: CassetteSummary[] = []
    const ignored: string[] = []
    const broken: string[] = []
    await forEachJsonFile(dir, (file) => {
      const value = parseJsonFile(file.bytes)
      if (!looksLikeCassette(value, true)) {
        ignored.push(file.name)
        return
      }
      try {
        const cassette = parseCassetteOnce(file.bytes, relativePath(process.cwd(), file.path), value)
        summaries.push(summarizeCassette(file.name, cassette, file.bytes.length, report))
      } catch (error) {
        if (!(error instanceof CassetteError)) throw error
        broken.push(file.name)
      }
    })
    if (values.json) {
      io.out(JSON.stringify({ dir: relativePath(process.cwd(), dir), report: report !== undefined, cassettes: summaries, broken, ignored }, null, 2))
      return 0
    }
    const shownDir = relativePath(process.cwd(), dir)
    if (summaries.length === 0) io.out(`no cassettes in ${shownDir}`)
    else {
      const rows = summaries.map((summary) => [
        summary.path,
        summary.test,
        String(summary.interactions),
        summary.endpoints.join(', '),
        summary.models.join(', '),
        formatSize(summary.bytes),
        obsoleteLabel(summary),
      ])
      const header = ['CASSETTE', 'TEST', 'INTERACTIONS', 'ENDPOINTS', 'MODELS', 'SIZE', report ? 'OBSOLETE' : '']
      for (const line of formatTable(header, rows, new Set([2, 5]))) io.out(line)
    }
    // Listing goes on; `verify` says what is wrong.
    for (const name of broken) io.out(`${name}: not a valid cassette (run \`llm-cassettes verify\`)`)
    if (values.verbose) for (const name of ignored) io.out(`ignored: ${name}`)
    if (!report) io.out('no run report: run the tests to see obsolete cassettes')
    else if (!report.complete) io.out('the last run did not run every test: cassettes of the tests it skipped are not marked obsolete')
    return 0
  },
}
