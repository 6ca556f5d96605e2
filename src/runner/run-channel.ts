import { randomUUID } from 'node:crypto'
import { appendFileSync, mkdtempSync } from 'node:fs'
import { readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { SuiteHooksReport } from '../report/hook-outcomes.js'
import type { SessionSummary } from '../session/session-summary.js'

// Jest's and node:test's results carry no per-test data of ours, and their tests run in other processes than
// the reporter. So the reporter makes a directory for the run and names it in the environment before the
// runner starts those processes (which inherit it); the setup file appends one JSON line per test attempt
// there, and the reporter reads it all at the end. Without the reporter the variable is unset and the setup
// file writes nothing.

/** The runners that report through a run directory. */
export type ChannelRunner = 'jest' | 'node-test'

/** `LLM_CASSETTES_JEST_RUN_DIR`, `LLM_CASSETTES_NODE_TEST_RUN_DIR`. */
export const runDirEnvVar = (runner: ChannelRunner) => `LLM_CASSETTES_${runner.toUpperCase().replace('-', '_')}_RUN_DIR`

/**
 * One test attempt, as the setup file writes it: which test (its names and their occurrence) and its session
 * summary; or, with `hooks`, what one suite's beforeAll/afterAll hooks did (`names` is its describe chain).
 */
interface AttemptLine {
  testPath: string
  names: readonly string[]
  occurrence: number
  summary: SessionSummary
  hooks?: { failed: boolean }
}

/** The key of a test within its file; the reporter builds the same from the runner's results. */
export const testKey = (names: readonly string[], occurrence: number) => JSON.stringify([names, occurrence])

/** Summaries by test file path, then by test key: each test's last attempt. */
export type RunSummaries = Map<string, Map<string, SessionSummary>>

/** What each test file's suites' beforeAll/afterAll hooks did, by test file path. */
export type RunHooks = Map<string, SuiteHooksReport[]>

/** Reporter, before the test processes start: a fresh directory for this run, named in the environment. */
export function openRun(runner: ChannelRunner): string {
  const dir = mkdtempSync(join(tmpdir(), `llm-cassettes-${runner}-`))
  process.env[runDirEnvVar(runner)] = dir
  return dir
}

/**
 * The setup file's writer: each attempt goes to the run directory named in `env` when it is written (node:test
 * without process isolation runs tests in the reporter's process, which names the directory after the setup
 * file has loaded), or nowhere when no reporter opened a run.
 */
export function attemptWriter(
  runner: ChannelRunner,
  env: NodeJS.ProcessEnv,
): (testPath: string, names: readonly string[], occurrence: number, summary: SessionSummary, hooks?: { failed: boolean }) => void {
  const files = new Map<string, string>()
  return (testPath, names, occurrence, summary, hooks) => {
    const dir = env[runDirEnvVar(runner)]
    if (!dir) return
    let file = files.get(dir)
    if (!file) files.set(dir, (file = join(dir, `${process.pid}-${randomUUID()}.jsonl`)))
    const line: AttemptLine = { testPath, names, occurrence, summary, ...(hooks ? { hooks } : {}) }
    appendFileSync(file, `${JSON.stringify(line)}\n`)
  }
}

/** A line, or undefined for the blank last one or one a killed worker left torn (its test file failed anyway). */
function parsed(text: string): AttemptLine | undefined {
  try {
    return text ? (JSON.parse(text) as AttemptLine) : undefined
  } catch {
    return undefined
  }
}

/**
 * Every attempt the run's test processes wrote, and what the suites' hooks did, then removes the directory.
 * Later lines (retries) win.
 */
export async function closeRun(runner: ChannelRunner, dir: string): Promise<{ summaries: RunSummaries; hooks: RunHooks }> {
  const summaries: RunSummaries = new Map()
  const hooks: RunHooks = new Map()
  try {
    for (const name of (await readdir(dir)).filter((name) => name.endsWith('.jsonl'))) {
      for (const text of (await readFile(join(dir, name), 'utf8')).split('\n')) {
        const line = parsed(text)
        if (!line) continue
        if (line.hooks) {
          const report = { names: line.names, occurrence: line.occurrence, failed: line.hooks.failed, summary: line.summary }
          hooks.set(line.testPath, [...(hooks.get(line.testPath) ?? []), report])
          continue
        }
        let ofFile = summaries.get(line.testPath)
        if (!ofFile) summaries.set(line.testPath, (ofFile = new Map()))
        ofFile.set(testKey(line.names, line.occurrence), line.summary)
      }
    }
  } finally {
    const envVar = runDirEnvVar(runner)
    if (process.env[envVar] === dir) delete process.env[envVar]
    await rm(dir, { recursive: true, force: true })
  }
  return { summaries, hooks }
}
