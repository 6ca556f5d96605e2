import { relative } from 'node:path'
import { cassettePathFor, testFileCassetteDir } from '../../cassette/paths.js'
import { accountForRun, accountLines } from '../../report/end-of-run.js'
import { writeSummaryJson } from '../../report/report-file.js'
import { summaryLine } from '../../report/summary-line.js'
import type { TestFileUse } from '../../report/obsolete.js'
import { testFileUse, type TestOutcome } from '../../report/test-outcome.js'
import { resolveSettings } from '../../settings/resolve.js'
import { closeRun, openRun, testKey, type RunSummaries } from '../run-channel.js'
import { ReportedTests, type ReportedFile, type TestEvent } from './reported-tests.js'
import { filtersFiles, filtersTests } from './run-filters.js'
import { updatesSnapshots } from './update-state.js'

// Loaded by `node --test` in its own process, beside the reporter that prints the tests:
//   node --test --import llm-cassettes/node-test \
//     --test-reporter=spec --test-reporter-destination=stdout \
//     --test-reporter=llm-cassettes/node-test-reporter --test-reporter-destination=stderr

function outcomesOf(file: ReportedFile, relativeFile: string, dir: string, summaries: RunSummaries): TestOutcome[] {
  const ofFile = summaries.get(file.path)
  return file.tests.map(({ names, occurrence, state }) => {
    const summary = ofFile?.get(testKey(names, occurrence))
    return {
      state,
      cassettePath: summary && !summary.shared ? summary.cassettePath : cassettePathFor(dir, { file: relativeFile, names, occurrence }),
      summary,
    }
  })
}

/** The end of the run: obsolete cassettes (removed by `--test-update-snapshots` on a complete run), the report file, the lines to print. */
async function account(files: ReportedFile[], summaries: RunSummaries): Promise<string[]> {
  const root = process.cwd()
  const { dir, report } = resolveSettings(root, {}, process.env, 'llm-cassettes/node-test-reporter')
  const byName = filtersTests(process.execArgv)
  const tests: TestOutcome[] = []
  const ranInFull: TestFileUse[] = []
  for (const file of files) {
    const relativeFile = relative(root, file.path).replace(/\\/g, '/')
    const outcomes = outcomesOf(file, relativeFile, dir, summaries)
    tests.push(...outcomes)
    if (!byName && !file.failed) ranInFull.push(testFileUse(testFileCassetteDir(dir, relativeFile), outcomes))
  }
  const complete = !byName && !filtersFiles(process.execArgv) && files.every((file) => !file.failed)
  const update = updatesSnapshots(process.execArgv)
  const run = await accountForRun({ root, dir, tests, ranInFull, complete, remove: update && complete })
  if (!run) return []
  if (report) await writeSummaryJson(report, run.summary)
  const lines = accountLines(run, root, 'node --test --test-update-snapshots')
  if (update && !complete && run.summary.obsolete > 0) {
    lines.push(' Cassettes: not removed: `--test-update-snapshots` removes obsolete cassettes only when every test runs, unfiltered')
  }
  return [...lines, summaryLine(run.summary)]
}

async function* report(source: AsyncIterable<TestEvent>, runDir: string): AsyncGenerator<string> {
  const reported = new ReportedTests(process.cwd())
  let summaries: RunSummaries
  try {
    for await (const event of source) reported.add(event)
  } finally {
    ;({ summaries } = await closeRun('node-test', runDir))
  }
  const lines = await account(reported.all(), summaries)
  if (lines.length > 0) yield `${lines.join('\n')}\n`
}

/**
 * The node:test reporter: after the run it reports obsolete cassettes, prints one summary line and writes the
 * run report (report/report-file.ts). Called by node:test before it starts the test files' processes, so they
 * inherit the run directory its setup file reports each test's cassette use to. An arrow function: node:test
 * constructs a reporter that has a prototype (a stream class) instead of calling it.
 */
const cassetteReporter = (source: AsyncIterable<TestEvent>): AsyncGenerator<string> => report(source, openRun('node-test'))

export default cassetteReporter
