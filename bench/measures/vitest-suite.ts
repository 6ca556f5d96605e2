import { readFile, rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { ms, ratio, type Row } from '../support/row.js'
import { withLocalServer } from '../support/local-server.js'
import { BENCH_API_KEY } from '../support/clients.js'
import { setUp } from '../support/setup-error.js'
import { alternate, median, pairedRatio } from '../support/stats.js'
import { runVitest, type VitestRun } from '../support/vitest-run.js'
import { withWorkspace } from '../support/workspace.js'
import {
  CASSETTES_CONFIG,
  cassettePathOf,
  embedRecordedBytes,
  MEMORY_CONFIG,
  MEMORY_MARK,
  REPORT_TIME_MARK,
  SMALL_SUITE,
  type SuiteShape,
  writeSuiteProject,
} from './suite-project.js'

type Suite = 'replay' | 'memory'

/** How a suite measure runs: its project, its rounds and what it reports. */
interface SuiteMeasure {
  id: string
  shape: SuiteShape
  /** Each round runs both suites once. */
  rounds: number
  target: number
  /** Vitest workers while recording: the local server paces its chunks 5 ms apart, so recording waits more than it computes. */
  recordWorkers?: number
}

const testsOf = (shape: SuiteShape) => shape.files * shape.testsPerFile

function expectPassed(what: string, run: VitestRun, tests: number): VitestRun {
  if (run.code !== 0 || !run.output.includes(`Tests  ${tests} passed (${tests})`)) {
    throw new Error(`${what} did not pass all ${tests} tests (exit ${run.code}):\n${run.output.slice(-2000)}`)
  }
  return run
}

/** Per test file, what a worker's heap and RSS grew by per test, from after its first test to after its last. */
async function growthPerTest(log: string, testsPerFile: number): Promise<{ heap: number; rss: number }> {
  const byFile = new Map<string, Map<number, [number, number]>>()
  for (const line of (await readFile(log, 'utf8')).split('\n')) {
    const [mark, file, done, heap, rss] = line.split(' ')
    if (mark !== MEMORY_MARK || !file) continue
    if (!byFile.has(file)) byFile.set(file, new Map())
    byFile.get(file)!.set(Number(done), [Number(heap), Number(rss)])
  }
  const heap: number[] = []
  const rss: number[] = []
  for (const points of byFile.values()) {
    const first = points.get(1)
    const last = points.get(testsPerFile)
    if (!first || !last) continue
    heap.push((last[0] - first[0]) / (testsPerFile - 1))
    rss.push((last[1] - first[1]) / (testsPerFile - 1))
  }
  if (heap.length === 0) throw new Error(`no memory readings in ${log}`)
  return { heap: median(heap), rss: median(rss) }
}

const reportTimeOf = (run: VitestRun): number => {
  const found = new RegExp(`${REPORT_TIME_MARK} ([\\d.]+)`).exec(run.output)
  if (!found) throw new Error(`the replaying run did not print "${REPORT_TIME_MARK}":\n${run.output.slice(-2000)}`)
  return Number(found[1])
}

const kib = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KiB`

/**
 * A generated Vitest project whose tests each replay their own cassette, against the same test files with
 * `#client` aliased to the SDK on an in-memory `fetch`: #4 (200 tests) and #12 (the scale of issue 17).
 */
async function suiteMeasure({ id, shape, rounds, target, recordWorkers }: SuiteMeasure): Promise<Row[]> {
  const tests = testsOf(shape)
  return withWorkspace('suite', async (dir) => {
    await writeSuiteProject(dir, shape)
    await withLocalServer(async (server) => {
      const env = { OPENAI_BASE_URL: server.url, OPENAI_API_KEY: BENCH_API_KEY, LLM_CASSETTES_MODE: 'record' }
      const args = recordWorkers ? [`--maxWorkers=${recordWorkers}`] : []
      await setUp('recording the suite against the local server', async () =>
        expectPassed('recording', await runVitest(dir, CASSETTES_CONFIG, env, args), tests),
      )
    })
    await embedRecordedBytes(dir, shape)
    // Replay as CI does: no server, no key, a base URL where nothing listens.
    const replayEnv = { CI: 'true', OPENAI_BASE_URL: 'http://127.0.0.1:9/v1' }
    const logs: Record<Suite, string> = { replay: join(dir, 'memory-replay.log'), memory: join(dir, 'memory-fake.log') }
    const walls: Record<Suite, number[]> = { replay: [], memory: [] }
    const reportTimes: number[] = []
    const timed = (name: Suite, config: string, env: Record<string, string>) => async () => {
      await rm(logs[name], { force: true })
      const run = expectPassed(name, await runVitest(dir, config, { ...env, BENCH_MEMORY_LOG: logs[name] }), tests)
      walls[name].push(run.wall)
      if (shape.probe && name === 'replay') reportTimes.push(reportTimeOf(run))
    }
    await alternate({ replay: timed('replay', CASSETTES_CONFIG, replayEnv), memory: timed('memory', MEMORY_CONFIG, {}) }, { rounds, warmup: 1 })
    // Wall time as the spawned process measured it, without the warm-up round.
    const ours = median(walls.replay.slice(1))
    const base = median(walls.memory.slice(1))
    const result = pairedRatio(walls.replay.slice(1), walls.memory.slice(1))
    const size = `${tests.toLocaleString('en')} tests (${shape.files} files)`
    const rows: Row[] = [
      {
        id: shape.probe ? `${id}a` : id,
        measure: `a Vitest suite of ${size}, each replaying its own cassette (20-chunk streams)${shape.probe ? `; ${rounds} paired rounds` : ''}`,
        ours: ms(ours),
        baseline: `same suite, SDK on an in-memory \`fetch\` ${ms(base)}`,
        result: ratio(result),
        target: `≤ ${target.toFixed(2)}×`,
        met: result <= target,
      },
    ]
    if (!shape.probe) return rows
    // The reporter's time over its own run's wall time, per timed round.
    const replayWalls = walls.replay.slice(1)
    const share = median(reportTimes.slice(1).map((time, round) => time / replayWalls[round]!))
    rows.push({
      id: `${id}b`,
      measure: `the plugin's end-of-run reporter (summary, obsolete scan, report file) in that run, timed around its \`onTestRunEnd\``,
      ours: ms(median(reportTimes.slice(1))),
      baseline: `the replaying suite ${ms(ours)}`,
      result: `${(share * 100).toFixed(2)}%`,
      target: '≤ 2%',
      met: share <= 0.02,
    })
    // Memory, from the last round of each suite: a test may keep at most its own cassette.
    const cassette = median(await Promise.all(Array.from({ length: shape.files }, (_, file) => stat(cassettePathOf(dir, file, 0)).then((s) => s.size))))
    const replayGrowth = await growthPerTest(logs.replay, shape.testsPerFile)
    const memoryGrowth = await growthPerTest(logs.memory, shape.testsPerFile)
    const extra = replayGrowth.heap - memoryGrowth.heap
    rows.push({
      id: `${id}c`,
      measure: `worker heap growth per test, from after a file's first test to after its last (forced GC; median over files; RSS beside it)`,
      ours: `${kib(replayGrowth.heap)} (RSS ${kib(replayGrowth.rss)})`,
      baseline: `in-memory \`fetch\` ${kib(memoryGrowth.heap)} (RSS ${kib(memoryGrowth.rss)}); a cassette file ${kib(cassette)}`,
      result: `+${kib(extra)} per test`,
      target: '≤ one cassette per test',
      met: extra <= cassette,
    })
    return rows
  })
}

/** #4: a Vitest suite of 200 tests each replaying its own cassette, against the same suite on an in-memory fetch. */
export const vitestSuite = (): Promise<Row[]> => suiteMeasure({ id: '4', shape: SMALL_SUITE, rounds: 10, target: 1.2 })

/** `BENCH_SCALE_FILES` shrinks #12 (default 100 files of 100 tests: issue 17's scale). */
function scaleFiles(): number {
  const text = process.env.BENCH_SCALE_FILES ?? '100'
  const files = Number(text)
  if (!Number.isInteger(files) || files < 1) throw new Error(`BENCH_SCALE_FILES=${text} is not a number of files`)
  return files
}

/**
 * #12: the same at issue 17's scale, 10,000 tests in 100 files (each run takes about a minute on 2 cores, so
 * 3 paired rounds), with the end-of-run reporter's share of the run and the workers' memory per test.
 */
export const vitestSuiteAtScale = (): Promise<Row[]> =>
  suiteMeasure({ id: '12', shape: { files: scaleFiles(), testsPerFile: 100, probe: true }, rounds: 3, target: 1.05, recordWorkers: 24 })
