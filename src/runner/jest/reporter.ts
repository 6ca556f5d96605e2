import { relative } from 'node:path'
import { cassettePathFor, testFileCassetteDir } from '../../cassette/paths.js'
import { CassetteError } from '../../errors.js'
import { accountForRun, accountLines, type RunAccount } from '../../report/end-of-run.js'
import { hookOutcomes } from '../../report/hook-outcomes.js'
import { reportingSafely } from '../../report/never-throw.js'
import type { TestFileUse } from '../../report/obsolete.js'
import { writeSummaryJson, type RunSummary } from '../../report/report-file.js'
import { summaryLine } from '../../report/summary-line.js'
import { testFileUse, type TestOutcome } from '../../report/test-outcome.js'
import { resolveSettings } from '../../settings/resolve.js'
import { closeRun, openRun, testKey, type RunHooks, type RunSummaries } from '../run-channel.js'
import { filtersFiles, filtersTests, type JestGlobalConfig } from './run-filters.js'

// Loaded by Jest in the main process: `reporters: ['default', 'llm-cassettes/jest-reporter']`. Jest's types are
// matched structurally (29 and 30 agree on these parts); this package takes no dependency on them.

interface AssertionResult {
  ancestorTitles: string[]
  title: string
  /** `passed`, `failed`, `pending` (skipped), `todo`, `disabled`… */
  status: string
}

interface TestFileResult {
  testFilePath: string
  /** Set when the file could not run (a syntax error, no tests): its tests are unknown. */
  testExecError?: unknown
  testResults: AssertionResult[]
}

interface JestTest {
  context: { config: { rootDir: string } }
}

interface AggregatedResult {
  numTotalTestSuites: number
  wasInterrupted: boolean
  runExecError?: unknown
}

export interface JestReporterOptions {
  /** Also write the run's summary as JSON to this file (relative to Jest's rootDir). `LLM_CASSETTES_REPORT` overrides. */
  report?: string
}

function checkOptions(options: unknown): JestReporterOptions {
  if (options === undefined || options === null) return {}
  const fail = (problem: string) => new CassetteError(`llm-cassettes/jest-reporter: ${problem}`, { code: 'ERR_CASSETTE_OPTION' })
  if (typeof options !== 'object' || Array.isArray(options)) throw fail('its options must be an object like { report: "cassettes-summary.json" }')
  for (const [key, value] of Object.entries(options)) {
    if (key !== 'report') throw fail(`\`${key}\` is not an option; the one option is \`report\``)
    if (typeof value !== 'string') throw fail(`\`report\` must be a file path, got ${JSON.stringify(value) ?? typeof value}`)
  }
  return options as JestReporterOptions
}

const addSummaries = (a: RunSummary, b: RunSummary): RunSummary =>
  Object.fromEntries(Object.entries(a).map(([key, value]) => [key, value + b[key as keyof RunSummary]])) as unknown as RunSummary

function stateOf(status: string): TestOutcome['state'] {
  return status === 'passed' || status === 'failed' ? status : 'other'
}

/**
 * The tests of one file as the report sees them, each matched to its last attempt's summary by name and
 * occurrence, then its suites' beforeAll/afterAll cassettes.
 */
function outcomesOf(result: TestFileResult, file: string, dir: string, summaries: RunSummaries, hooks: RunHooks): TestOutcome[] {
  const ofFile = summaries.get(result.testFilePath)
  const seen = new Map<string, number>()
  const tests = result.testResults.map((test) => {
    const names = [...test.ancestorTitles, test.title]
    const occurrence = (seen.get(JSON.stringify(names)) ?? 0) + 1
    seen.set(JSON.stringify(names), occurrence)
    return {
      state: stateOf(test.status),
      cassettePath: cassettePathFor(dir, { file, names, occurrence }),
      summary: ofFile?.get(testKey(names, occurrence)),
    }
  })
  const named = result.testResults.map((test, index) => ({ names: [...test.ancestorTitles, test.title], state: tests[index]!.state }))
  return [...tests, ...hookOutcomes(dir, file, named, hooks.get(result.testFilePath) ?? [])]
}

/**
 * The Jest reporter: after a run it reports obsolete cassettes per test file, across all workers (removing them
 * with `-u` on a complete run), prints one summary line after Jest's own and writes the run report (report/report-file.ts).
 */
export default class CassetteReporter {
  private readonly options: JestReporterOptions
  private runDir: string | undefined
  private files: { rootDir: string; result: TestFileResult }[] = []
  private pending: string[] = []

  constructor(
    private readonly globalConfig: JestGlobalConfig,
    options?: unknown,
  ) {
    this.options = checkOptions(options)
  }

  /** Before Jest starts its workers, which inherit the run directory's name. */
  onRunStart(): void {
    this.files = []
    this.runDir = openRun('jest')
  }

  onTestFileResult(test: JestTest, result: TestFileResult): void {
    this.files.push({ rootDir: test.context.config.rootDir, result })
  }

  async onRunComplete(_contexts: unknown, results: AggregatedResult): Promise<void> {
    const dirs = [...new Set(this.files.map((file) => resolveSettings(file.rootDir, {}, process.env).dir))]
    await reportingSafely(
      dirs,
      () => this.report(results),
      (line) => process.stderr.write(`${line}\n`),
    )
    // Not reported: the run's directory of attempt summaries is removed all the same.
    if (this.runDir) await closeRun('jest', this.runDir).catch(() => undefined)
    this.runDir = undefined
  }

  private async report(results: AggregatedResult): Promise<void> {
    const { summaries, hooks } = this.runDir ? await closeRun('jest', this.runDir) : { summaries: new Map(), hooks: new Map() }
    this.runDir = undefined
    const config = this.globalConfig
    const byName = filtersTests(config) || results.wasInterrupted
    const complete =
      !byName &&
      !filtersFiles(config) &&
      results.runExecError === undefined &&
      this.files.length === results.numTotalTestSuites && // --bail stops early
      this.files.every(({ result }) => !result.testExecError)
    const update = config.updateSnapshot === 'all'
    const lines: string[] = []
    let total: RunSummary | undefined
    // One cassette dir per Jest project root (`projects` may have several).
    for (const rootDir of new Set(this.files.map((file) => file.rootDir))) {
      const { dir } = resolveSettings(rootDir, {}, process.env)
      const tests: TestOutcome[] = []
      const ranInFull: TestFileUse[] = []
      for (const { result } of this.files.filter((file) => file.rootDir === rootDir)) {
        const file = relative(rootDir, result.testFilePath).replace(/\\/g, '/')
        const outcomes = outcomesOf(result, file, dir, summaries, hooks)
        tests.push(...outcomes)
        if (!byName && !result.testExecError) ranInFull.push(testFileUse(testFileCassetteDir(dir, file), outcomes))
      }
      const account: RunAccount | undefined = await accountForRun({ root: rootDir, dir, tests, ranInFull, complete, remove: update && complete })
      if (!account) continue
      lines.push(...accountLines(account, rootDir, 'jest -u'))
      total = total ? addSummaries(total, account.summary) : account.summary
    }
    if (!total) return
    if (update && !complete && total.obsolete > 0)
      lines.push(' Cassettes: not removed: `jest -u` removes obsolete cassettes only when every test file runs, unfiltered')
    const { report } = resolveSettings(config.rootDir, this.options, process.env, 'llm-cassettes/jest-reporter')
    if (report) await writeSummaryJson(report, total)
    this.pending = [...lines, summaryLine(total)]
    // Jest's summary reporter is always added after the configured ones, so it prints after this method: the
    // lines wait for getLastError(), which Jest asks every reporter once all have finished. `--bail` exits
    // instead of asking.
    process.once('exit', this.flush)
  }

  getLastError(): undefined {
    this.flush()
    return undefined
  }

  private readonly flush = (): void => {
    process.off('exit', this.flush)
    if (this.pending.length > 0) process.stderr.write(`${this.pending.join('\n')}\n`)
    this.pending = []
  }
}
