import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { ADAPTERS, adapterBySuffix } from '../support/adapters.js'
import { inSession } from '../support/replay-session.js'
import { ms, ratio, type Row } from '../support/row.js'
import { pooled, ratioAcross, timingsInProcesses, type Timings } from '../support/processes.js'
import { alternate, median, pairedDifference } from '../support/stats.js'
import { withWorkspace } from '../support/workspace.js'

/** The test servers answer "Echo: <prompt>" one word per chunk, a few ms apart: 20 words make 23 chunks (26 Anthropic events). */
const PROMPT = Array.from({ length: 20 }, (_, i) => `word${i}`).join(' ')
/** Per process (see PROCESSES). */
const ROUNDS = 40
const WARMUP = 5

interface Timing {
  firstChunk: number
  total: number
}

/** One streamed call: milliseconds from the call to the first chunk and to the end of the stream. */
async function timedCall(call: (prompt: string) => Promise<AsyncIterable<unknown>>, timings: Timing[]): Promise<void> {
  const start = performance.now()
  let firstChunk: number | undefined
  for await (const _chunk of await call(PROMPT)) {
    firstChunk ??= performance.now() - start
  }
  if (firstChunk === undefined) throw new Error('the local server sent an empty stream')
  timings.push({ firstChunk, total: performance.now() - start })
}

/** #3, in one process, for one adapter: record mode against its local server, and the unwrapped client calling it, alternating. */
export function recordTimings(suffix: string): Promise<Timings> {
  const adapter = adapterBySuffix(suffix)
  return withWorkspace('record', (dir) =>
    adapter.withRecordingClients(async ({ record, live }) => {
      const cassette = join(dir, 'cassettes', 'record.json')
      const recorded: Timing[] = []
      const unwrapped: Timing[] = []
      // Timed inside the test attempt: the cassette is written once when the test ends (see #5), not during the call.
      const recording = () => inSession(cassette, 'record', () => timedCall(record, recorded))
      await alternate({ record: recording, live: () => timedCall(live, unwrapped) }, { rounds: ROUNDS, warmup: WARMUP })
      const kept = (timings: Timing[]) => timings.slice(-ROUNDS)
      return {
        recordFirst: kept(recorded).map((t) => t.firstChunk),
        liveFirst: kept(unwrapped).map((t) => t.firstChunk),
        recordTotal: kept(recorded).map((t) => t.total),
        liveTotal: kept(unwrapped).map((t) => t.total),
      }
    }),
  )
}

/** #3 for every adapter: record mode against a local server, against the unwrapped client calling the same server. */
export async function recordOverhead(): Promise<Row[]> {
  const rows: Row[] = []
  for (const adapter of ADAPTERS) {
    const runs = await timingsInProcesses(`3${adapter.suffix}`)
    const firstAdded = median(runs.map((run) => pairedDifference(run.recordFirst!, run.liveFirst!)))
    const totalRatio = ratioAcross(runs, 'recordTotal', 'liveTotal')
    rows.push(
      {
        id: `3a${adapter.suffix}`,
        measure: `\`${adapter.name}\`: record mode against the local server: time to first chunk`,
        ours: ms(median(pooled(runs, 'recordFirst'))),
        baseline: `unwrapped client ${ms(median(pooled(runs, 'liveFirst')))}`,
        result: `${firstAdded >= 0 ? '+' : '−'}${Math.abs(firstAdded).toFixed(2)} ms`,
        target: '≤ +1 ms',
        met: firstAdded <= 1,
      },
      {
        id: `3b${adapter.suffix}`,
        measure: `\`${adapter.name}\`: record mode: total time of ${adapter.recordedStream}`,
        ours: ms(median(pooled(runs, 'recordTotal'))),
        baseline: `unwrapped client ${ms(median(pooled(runs, 'liveTotal')))}`,
        result: ratio(totalRatio),
        target: '≤ 1.05×',
        met: totalRatio <= 1.05,
      },
    )
  }
  return rows
}
