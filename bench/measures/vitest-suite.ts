import { ms, ratio, type Row } from '../support/row.js'
import { withLocalServer } from '../support/local-server.js'
import { BENCH_API_KEY } from '../support/clients.js'
import { setUp } from '../support/setup-error.js'
import { alternate, median, pairedRatio } from '../support/stats.js'
import { runVitest, type VitestRun } from '../support/vitest-run.js'
import { withWorkspace } from '../support/workspace.js'
import { CASSETTES_CONFIG, embedRecordedBytes, FILES, MEMORY_CONFIG, TESTS_PER_FILE, writeSuiteProject } from './suite-project.js'

const TESTS = FILES * TESTS_PER_FILE
/** Each round runs both suites once (about 3 s each on 2 cores). */
const ROUNDS = 10

function expectPassed(what: string, run: VitestRun): VitestRun {
  if (run.code !== 0 || !run.output.includes(`Tests  ${TESTS} passed (${TESTS})`)) {
    throw new Error(`${what} did not pass all ${TESTS} tests (exit ${run.code}):\n${run.output.slice(-2000)}`)
  }
  return run
}

/** #4: a Vitest suite of 200 tests each replaying its own cassette, against the same suite on an in-memory fetch. */
export async function vitestSuite(): Promise<Row[]> {
  return withWorkspace('suite', async (dir) => {
    await writeSuiteProject(dir)
    await withLocalServer(async (server) => {
      const env = { OPENAI_BASE_URL: server.url, OPENAI_API_KEY: BENCH_API_KEY, LLM_CASSETTES_MODE: 'record' }
      await setUp('recording the suite against the local server', async () => expectPassed('recording', await runVitest(dir, CASSETTES_CONFIG, env)))
    })
    await embedRecordedBytes(dir)
    // Replay as CI does: no server, no key, a base URL where nothing listens.
    const replayEnv = { CI: 'true', OPENAI_BASE_URL: 'http://127.0.0.1:9/v1' }
    const walls: Record<'replay' | 'memory', number[]> = { replay: [], memory: [] }
    const timed = (name: 'replay' | 'memory', config: string, env: Record<string, string>) => async () => {
      walls[name].push(expectPassed(name, await runVitest(dir, config, env)).wall)
    }
    await alternate({ replay: timed('replay', CASSETTES_CONFIG, replayEnv), memory: timed('memory', MEMORY_CONFIG, {}) }, { rounds: ROUNDS, warmup: 1 })
    // Wall time as the spawned process measured it, without the warm-up round.
    const ours = median(walls.replay.slice(1))
    const base = median(walls.memory.slice(1))
    const result = pairedRatio(walls.replay.slice(1), walls.memory.slice(1))
    return [
      {
        id: '4',
        measure: `a Vitest suite of ${TESTS} tests (${FILES} files), each replaying its own cassette (20-chunk streams)`,
        ours: ms(ours),
        baseline: `same suite, SDK on an in-memory \`fetch\` ${ms(base)}`,
        result: ratio(result),
        target: '≤ 1.20×',
        met: result <= 1.2,
      },
    ]
  })
}
