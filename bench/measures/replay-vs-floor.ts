import { readFileSync } from 'node:fs'
import { Stream } from 'openai/core/streaming'
import { untyped } from '../../src/cassette/typed-value.js'
import type { Cassette } from '../../src/cassette/types.js'
import { chatRequest } from '../support/chat-cassette.js'
import { drain, expectCount, wrappedClient } from '../support/clients.js'
import { inSession } from '../support/replay-session.js'
import { ms, ratio, type Row } from '../support/row.js'
import { differenceAcross, pooled, ratioAcross, timingsInProcesses, type Timings } from '../support/processes.js'
import { alternate, median } from '../support/stats.js'
import { withWorkspace } from '../support/workspace.js'
import { STREAM_CHUNKS, STREAM_PROMPT, writeStreamCassette } from './stream-fixture.js'

/** The least any replay can cost: read the file (synchronously, the cheapest way, as the store does), parse it, iterate the SDK's own Stream over the chunks. */
async function floor(path: string): Promise<number> {
  const cassette = JSON.parse(readFileSync(path, 'utf8')) as Cassette
  const chunks = cassette.interactions[0]!.response.body as unknown[]
  const stream = new Stream(async function* () {
    for (const chunk of chunks) yield untyped(chunk)
  }, new AbortController())
  return drain(stream)
}

/** #1, in one process: replaying a 1,000-chunk stream through the wrapped client, and the floor, alternating. */
export async function floorTimings(): Promise<Timings> {
  return withWorkspace('floor', async (dir) => {
    const { path } = await writeStreamCassette(dir)
    const client = wrappedClient()
    const replay = () =>
      inSession(path, 'replay', async () => drain(await client.chat.completions.create(chatRequest(STREAM_PROMPT))))
    expectCount('replay', await replay(), STREAM_CHUNKS)
    expectCount('floor', await floor(path), STREAM_CHUNKS)
    return alternate({ replay, floor: () => floor(path) }, { rounds: 60, warmup: 10 })
  })
}

/** #1: replaying a 1,000-chunk stream through the wrapped client, against reading and parsing its file. */
export async function replayVsFloor(): Promise<Row[]> {
  const runs = await timingsInProcesses('1')
  const result = ratioAcross(runs, 'replay', 'floor')
  // What a replay costs above reading and parsing its file, beside the ratio: the ratio alone moves with the floor.
  const above = differenceAcross(runs, 'replay', 'floor')
  return [
    {
      id: '1',
      measure: `replay a ${STREAM_CHUNKS.toLocaleString('en')}-chunk streamed chat completion from disk, \`for await\``,
      ours: ms(median(pooled(runs, 'replay'))),
      baseline: `floor (read + \`JSON.parse\` + SDK \`Stream\`) ${ms(median(pooled(runs, 'floor')))}`,
      result: `${ratio(result)} (+${ms(above)})`,
      target: '≤ 1.50×',
      met: result <= 1.5,
    },
  ]
}
