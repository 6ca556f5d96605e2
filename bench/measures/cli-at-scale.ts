import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { cassetteOf, chatChunks, chatInteraction, writeCassette } from '../support/chat-cassette.js'
import { ms, type Row } from '../support/row.js'
import { median } from '../support/stats.js'
import { REPO_ROOT, withWorkspace } from '../support/workspace.js'

/** The scale of issue 17's generated project: 100 test files of 100 tests, each test with its own cassette. */
const FILES = 100
const TESTS_PER_FILE = 100
/** A test's streamed reply, as in #4. */
const CHUNKS = 20
/** Fresh processes per command (median). */
const RUNS = 3
const TARGET_MS = 2_000

const CLI = join(REPO_ROOT, 'dist', 'cli.js')

/** The cassettes a suite of FILES × TESTS_PER_FILE replaying tests leaves, laid out as the runners name them. */
async function writeCassettes(dir: string): Promise<void> {
  const chunks = chatChunks(CHUNKS)
  for (let file = 0; file < FILES; file++) {
    await Promise.all(
      Array.from({ length: TESTS_PER_FILE }, (_, test) =>
        writeCassette(
          join(dir, 'cassettes', 'tests', `t${file}.test.ts`, `case ${test}.json`),
          cassetteOf(`tests/t${file}.test.ts > case ${test}`, [chatInteraction(`prompt ${file}-${test}`, chunks)]),
        ),
      ),
    )
  }
}

/** `llm-cassettes <command>` in a fresh process (the built executable, as npx runs it); its wall time. */
function timedCli(dir: string, command: string): number {
  const start = performance.now()
  const run = spawnSync(process.execPath, [CLI, command], { cwd: dir, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
  const elapsed = performance.now() - start
  if (run.status !== 0) throw new Error(`llm-cassettes ${command} failed (exit ${run.status}): ${(run.stderr || run.stdout).slice(-2000)}`)
  const expected = command === 'verify' ? `${FILES * TESTS_PER_FILE} cassettes OK` : `case ${TESTS_PER_FILE - 1}`
  if (!run.stdout.includes(expected)) throw new Error(`llm-cassettes ${command} did not print "${expected}": ${run.stdout.slice(-500)}`)
  return elapsed
}

/** #11: `llm-cassettes ls` and `verify` over the 10,000 cassettes of a 10,000-test suite. */
export async function cliAtScale(): Promise<Row[]> {
  return withWorkspace('cli-scale', async (dir) => {
    await writeCassettes(dir)
    const count = (FILES * TESTS_PER_FILE).toLocaleString('en')
    return (['ls', 'verify'] as const).map((command, i) => {
      timedCli(dir, command) // warm-up: the OS file cache holds the cassettes, as after a test run
      const wall = median(Array.from({ length: RUNS }, () => timedCli(dir, command)))
      return {
        id: `11${'ab'[i]}`,
        measure: `\`llm-cassettes ${command}\` over ${count} cassettes (one ${CHUNKS}-chunk stream each; fresh process, median of ${RUNS})`,
        ours: ms(wall),
        baseline: '–',
        result: ms(wall),
        target: `≤ ${ms(TARGET_MS)}`,
        met: wall <= TARGET_MS,
      }
    })
  })
}
