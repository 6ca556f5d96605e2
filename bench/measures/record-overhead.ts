import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import type OpenAI from 'openai'
import { chatRequest } from '../support/chat-cassette.js'
import { plainClient, wrappedClient } from '../support/clients.js'
import { withLocalServer } from '../support/local-server.js'
import { inSession } from '../support/replay-session.js'
import { ms, ratio, type Row } from '../support/row.js'
import { pooled, ratioAcross, timingsInProcesses, type Timings } from '../support/processes.js'
import { alternate, median, pairedDifference } from '../support/stats.js'
import { withWorkspace } from '../support/workspace.js'

/** The test server answers "Echo: <prompt>" one word per chunk, 5 ms apart: 20 words make 23 chunks. */
const PROMPT = Array.from({ length: 20 }, (_, i) => `word${i}`).join(' ')
/** Per process (see PROCESSES). */
const ROUNDS = 40
const WARMUP = 5

interface Timing {
  firstChunk: number
  total: number
}

/** One streamed call: milliseconds from `create()` to the first chunk and to the end of the stream. */
async function timedCall(client: OpenAI, timings: Timing[]): Promise<void> {
  const start = performance.now()
  let firstChunk: number | undefined
  for await (const _chunk of await client.chat.completions.create(chatRequest(PROMPT))) {
    firstChunk ??= performance.now() - start
  }
  if (firstChunk === undefined) throw new Error('the local server sent an empty stream')
  timings.push({ firstChunk, total: performance.now() - start })
}

/** #3, in one process: record mode against the local server, and the unwrapped client calling it, alternating. */
export async function recordTimings(): Promise<Timings> {
  return withWorkspace('record', (dir) =>
    withLocalServer(async (server) => {
      const cassette = join(dir, 'cassettes', 'record.json')
      const recording = wrappedClient(server.url)
      const unwrapped = plainClient(server.url)
      const recorded: Timing[] = []
      const live: Timing[] = []
      // Timed inside the test attempt: the cassette is written once when the test ends (see #5), not during the call.
      const record = () => inSession(cassette, 'record', () => timedCall(recording, recorded))
      await alternate({ record, live: () => timedCall(unwrapped, live) }, { rounds: ROUNDS, warmup: WARMUP })
      const kept = (timings: Timing[]) => timings.slice(-ROUNDS)
      return {
        recordFirst: kept(recorded).map((t) => t.firstChunk),
        liveFirst: kept(live).map((t) => t.firstChunk),
        recordTotal: kept(recorded).map((t) => t.total),
        liveTotal: kept(live).map((t) => t.total),
      }
    }),
  )
}

/** #3: record mode against the local server, against the unwrapped client calling the same server. */
export async function recordOverhead(): Promise<Row[]> {
  const runs = await timingsInProcesses('3')
  const firstAdded = median(runs.map((run) => pairedDifference(run.recordFirst!, run.liveFirst!)))
  const totalRatio = ratioAcross(runs, 'recordTotal', 'liveTotal')
  return [
    {
      id: '3a',
      measure: 'record mode against the local server: time to first chunk',
      ours: ms(median(pooled(runs, 'recordFirst'))),
      baseline: `unwrapped client ${ms(median(pooled(runs, 'liveFirst')))}`,
      result: `${firstAdded >= 0 ? '+' : '−'}${Math.abs(firstAdded).toFixed(2)} ms`,
      target: '≤ +1 ms',
      met: firstAdded <= 1,
    },
    {
      id: '3b',
      measure: 'record mode: total time of a 23-chunk stream',
      ours: ms(median(pooled(runs, 'recordTotal'))),
      baseline: `unwrapped client ${ms(median(pooled(runs, 'liveTotal')))}`,
      result: ratio(totalRatio),
      target: '≤ 1.05×',
      met: totalRatio <= 1.05,
    },
  ]
}
