import { existsSync } from 'node:fs'
import { relative, sep } from 'node:path'
import type { Reporter, TestModule, TestRunEndReason, Vitest } from 'vitest/node'
import { createFileStore } from '../../cassette/store.js'
import { findObsolete, type Obsolete } from '../../report/obsolete.js'
import { removeObsolete, type Removal } from '../../report/remove-obsolete.js'
import { writeReport, writeSummaryJson, type CassetteReport } from '../../report/report-file.js'
import { summaryLine } from '../../report/summary-line.js'
import type { RunnerSettings } from '../settings.js'
import { tally } from './tally.js'
import { testFileUse } from './test-file-use.js'

/** A run that ran only some tests or files: it cannot tell an obsolete cassette from one of a test it did not run. */
function isFiltered(vitest: Vitest): boolean {
  const { testNamePattern, shard, project } = vitest.config
  return testNamePattern !== undefined || shard !== undefined || (project?.length ?? 0) > 0
}

/** Collected without errors (a syntax error leaves its tests unknown). */
const ranInFull = (module: TestModule) => module.state() !== 'queued' && module.state() !== 'pending' && module.errors().length === 0

const isUpdate = (vitest: Vitest) => vitest.config.update === true || vitest.config.update === 'all'

/**
 * Added by the `cassettes()` plugin beside the user's reporters. After a run it reports obsolete cassettes
 * (removing them with `-u`), prints one summary line and writes `<dir>/.llm-cassettes-report.json`.
 */
export class CassetteReporter implements Reporter {
  constructor(
    private readonly vitest: Vitest,
    private readonly settings: RunnerSettings,
  ) {}

  async onTestRunEnd(modules: readonly TestModule[], _errors: unknown, reason: TestRunEndReason): Promise<void> {
    const { dir } = this.settings
    const totals = tally(modules.flatMap((module) => [...module.children.allTests()]))
    const full = reason === 'interrupted' || isFiltered(this.vitest) ? [] : modules.filter(ranInFull)
    const found = await findObsolete(full.map((module) => testFileUse(module, dir)))
    const complete = full.length === modules.length && (await this.ranEveryTestFile(full))
    const update = isUpdate(this.vitest)
    const removals = update ? await removeObsolete(found.files, found.interactions, createFileStore()) : []
    const remaining: Obsolete = update ? { files: [], interactions: new Map() } : found
    const summary = { ...totals, obsolete: remaining.files.length + remaining.interactions.size, removed: removals.length }
    const anything = Object.values(summary).some((value) => value > 0)
    if (!anything && !existsSync(dir)) return
    const report: CassetteReport = {
      complete,
      obsolete: remaining.files.map((path) => this.inDir(path)),
      obsoleteInteractions: Object.fromEntries([...remaining.interactions].map(([path, indexes]) => [this.inDir(path), indexes])),
      summary,
    }
    await writeReport(dir, report)
    if (this.settings.report) await writeSummaryJson(this.settings.report, summary)
    this.print(remaining, removals)
    this.vitest.logger.log(summaryLine(summary))
  }

  private async ranEveryTestFile(full: readonly TestModule[]): Promise<boolean> {
    const ran = new Set(full.map((module) => module.moduleId))
    const all = await this.vitest.globTestSpecifications()
    return all.every((specification) => ran.has(specification.moduleId))
  }

  private print(obsolete: Obsolete, removals: readonly Removal[]): void {
    const log = (text: string) => this.vitest.logger.log(text)
    const count = obsolete.files.length + obsolete.interactions.size
    if (count > 0) {
      log(` Obsolete cassettes: ${count} (\`vitest -u\` or \`npx llm-cassettes prune\` removes them)`)
      for (const path of obsolete.files) log(`   ${this.shown(path)}`)
      for (const [path, indexes] of obsolete.interactions) log(`   ${this.shown(path)}  unused interactions: ${indexes.join(', ')}`)
    }
    for (const removal of removals) {
      const what = removal.action === 'deleted' ? 'deleted' : `removed unused interactions ${removal.interactions!.join(', ')} from`
      log(` Cassettes: ${what} ${this.shown(removal.path)}`)
    }
  }

  private shown(path: string): string {
    return relative(this.settings.root, path) || path
  }

  private inDir(path: string): string {
    return relative(this.settings.dir, path).split(sep).join('/')
  }
}
