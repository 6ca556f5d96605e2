import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import type OpenAI from 'openai'
import { chatRequest } from '../support/chat-cassette.js'
import { plainClient, wrappedClient } from '../support/clients.js'
import { withLocalServer } from '../support/local-server.js'
import { inSession } from '../support/replay-session.js'
import { ms, ratio, type Row } from '../support/row.js'
import { alternate, median, pairedDifference, pairedRatio } from '../support/stats.js'
import { withWorkspace } from '../support/workspace.js'

/** The test server answers "Echo: <prompt>" one word per chunk, 5 ms apart: 20 words make 23 chunks. */
const PROMPT = Array.from({ length: 20 }, (_, i) => `word${i}`).join(' ')
const ROUNDS = 100

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

/** #3: record mode against the local server, against the unwrapped client calling the same server. */
export async function recordOverhead(): Promise<Row[]> {
  return withWorkspace('record', (dir) =>
    withLocalServer(async (server) => {
      const cassette = join(dir, 'cassettes', 'record.json')
      const recording = wrappedClient(server.url)
      const unwrapped = plainClient(server.url)
      const recorded: Timing[] = []
      const live: Timing[] = []
      // Timed inside the test attempt: the cassette is written once when the test ends (see #5), not during the call.
      const record = () => inSession(cassette, 'record', () => timedCall(recording, recorded))
      await alternate({ record, live: () => timedCall(unwrapped, live) }, { rounds: ROUNDS, warmup: 5 })
      const kept = (timings: Timing[]) => timings.slice(-ROUNDS)
      const firstOurs = median(kept(recorded).map((t) => t.firstChunk))
      const firstLive = median(kept(live).map((t) => t.firstChunk))
      const totalOurs = median(kept(recorded).map((t) => t.total))
      const totalLive = median(kept(live).map((t) => t.total))
      const firstAdded = pairedDifference(kept(recorded).map((t) => t.firstChunk), kept(live).map((t) => t.firstChunk))
      const totalRatio = pairedRatio(kept(recorded).map((t) => t.total), kept(live).map((t) => t.total))
      return [
        {
          id: '3a',
          measure: 'record mode against the local server: time to first chunk',
          ours: ms(firstOurs),
          baseline: `unwrapped client ${ms(firstLive)}`,
          result: `${firstAdded >= 0 ? '+' : '−'}${Math.abs(firstAdded).toFixed(2)} ms`,
          target: '≤ +1 ms',
          met: firstAdded <= 1,
        },
        {
          id: '3b',
          measure: 'record mode: total time of a 23-chunk stream',
          ours: ms(totalOurs),
          baseline: `unwrapped client ${ms(totalLive)}`,
          result: ratio(totalRatio),
          target: '≤ 1.05×',
          met: totalRatio <= 1.05,
        },
      ]
    }),
  )
}
