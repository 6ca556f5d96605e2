import type { Reporter, TestModule, TestRunEndReason, Vitest } from 'vitest/node'
import { accountForRun, accountLines } from '../../report/end-of-run.js'
import { reportingSafely } from '../../report/never-throw.js'
import { writeSummaryJson } from '../../report/report-file.js'
import { summaryLine } from '../../report/summary-line.js'
import { testFileUse } from '../../report/test-outcome.js'
import type { RunnerSettings } from '../../settings/resolve.js'
import { cassetteDirOf, outcomesOf } from './test-file-use.js'

/** A run that ran only some tests or files: it cannot tell an obsolete cassette from one of a test it did not run. */
function isFiltered(vitest: Vitest): boolean {
  const { testNamePattern, shard, project } = vitest.config
  return testNamePattern !== undefined || shard !== undefined || (project?.length ?? 0) > 0
}

/** Collected without errors (a syntax error leaves its tests unknown). */
const ranInFull = (module: TestModule) => module.state() !== 'queued' && module.state() !== 'pending' && module.errors().length === 0

const NOT_REMOVED = ' Cassettes: not removed: `vitest -u` removes obsolete cassettes only when every test file runs, unfiltered'

const isUpdate = (vitest: Vitest) => vitest.config.update === true || vitest.config.update === 'all'

/**
 * Added by the `cassettes()` plugin beside the user's reporters. After a run it reports obsolete cassettes
 * (removing them with `-u`), prints one summary line and writes the run report (report/report-file.ts).
 */
export class CassetteReporter implements Reporter {
  constructor(
    private readonly vitest: Vitest,
    private readonly settings: RunnerSettings,
  ) {}

  async onTestRunEnd(modules: readonly TestModule[], _errors: unknown, reason: TestRunEndReason): Promise<void> {
    await reportingSafely(
      [this.settings.dir],
      () => this.report(modules, reason),
      (line) => this.vitest.logger.error(line),
    )
  }

  private async report(modules: readonly TestModule[], reason: TestRunEndReason): Promise<void> {
    const { root, dir } = this.settings
    const outcomes = new Map(modules.map((module) => [module, outcomesOf(module, dir)]))
    const full = reason === 'interrupted' || isFiltered(this.vitest) ? [] : modules.filter(ranInFull)
    const complete = full.length === modules.length && (await this.ranEveryTestFile(full))
    // Like Vitest's own -u on snapshots, but only on a complete run: a filtered run cannot tell an unused recording
    // from one a test it did not run still needs.
    const account = await accountForRun({
      root,
      dir,
      tests: [...outcomes.values()].flat(),
      ranInFull: full.map((module) => testFileUse(cassetteDirOf(module, dir), outcomes.get(module)!)),
      complete,
      remove: isUpdate(this.vitest) && complete,
    })
    if (!account) return
    if (this.settings.report) await writeSummaryJson(this.settings.report, account.summary)
    const notRemoved = isUpdate(this.vitest) && !complete && account.summary.obsolete > 0 ? [NOT_REMOVED] : []
    for (const line of [...accountLines(account, root, 'vitest -u'), ...notRemoved, summaryLine(account.summary)]) this.vitest.logger.log(line)
  }

  private async ranEveryTestFile(full: readonly TestModule[]): Promise<boolean> {
    const ran = new Set(full.map((module) => module.moduleId))
    const all = await this.vitest.globTestSpecifications()
    return all.every((specification) => ran.has(specification.moduleId))
  }
}
