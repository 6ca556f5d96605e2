// The parts of Jest's global config that say a run did not run every test, typed structurally: Jest 29 has
// `testPathPattern` (a string), Jest 30 `testPathPatterns` (an object holding `patterns`).

export interface JestGlobalConfig {
  rootDir: string
  updateSnapshot?: 'all' | 'new' | 'none'
  testNamePattern?: string
  shard?: unknown
  selectProjects?: readonly string[]
  ignoreProjects?: readonly string[]
  testPathPattern?: string
  testPathPatterns?: { patterns?: readonly string[] } | readonly string[]
  nonFlagArgs?: readonly string[]
  runTestsByPath?: boolean
  onlyChanged?: boolean
  changedSince?: string
  findRelatedTests?: boolean
  lastCommit?: boolean
  onlyFailures?: boolean
}

const some = (list: readonly unknown[] | undefined) => (list?.length ?? 0) > 0

/** `-t`, `--shard`, `--selectProjects`: some tests of a file may not have run, so no file's cassettes can be judged. */
export function filtersTests(config: JestGlobalConfig): boolean {
  return Boolean(config.testNamePattern) || config.shard !== undefined || some(config.selectProjects) || some(config.ignoreProjects)
}

/** A path pattern, `--onlyChanged`, `--changedSince`, `--findRelatedTests`, `--onlyFailures`: the files that ran ran in full, but not every file ran. */
export function filtersFiles(config: JestGlobalConfig): boolean {
  const patterns = config.testPathPatterns
  const pathPatterns = Array.isArray(patterns) ? patterns : (patterns as { patterns?: readonly string[] } | undefined)?.patterns
  return (
    Boolean(config.testPathPattern) ||
    some(pathPatterns) ||
    some(config.nonFlagArgs) ||
    config.runTestsByPath === true ||
    config.onlyChanged === true ||
    Boolean(config.changedSince) ||
    config.findRelatedTests === true ||
    config.lastCommit === true ||
    config.onlyFailures === true
  )
}
