import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { readCassetteFile } from '../../src/cassette/store.js'
import { ADAPTERS, adapterBySuffix, type Adapter } from '../support/adapters.js'
import { cassetteOf, writeCassette } from '../support/chat-cassette.js'
import { expectCount } from '../support/clients.js'
import { inSession } from '../support/replay-session.js'
import { ms, ratio, type Row } from '../support/row.js'
import { differenceAcross, pooled, ratioAcross, timingsInProcesses, type Timings } from '../support/processes.js'
import { alternate, median } from '../support/stats.js'
import { withWorkspace } from '../support/workspace.js'
import { STREAM_CHUNKS, STREAM_PROMPT } from './stream-fixture.js'

/** Replay within this factor of its floor (issue 17 tightened it from 1.5×). */
const TARGET = 1.3

/**
 * #1, in one process, for one adapter: replaying a 1,000-chunk stream from its cassette on disk through the
 * wrapped client (a new session per call, as per test), and the floor (see {@link Adapter.floor}), alternating.
 */
export function floorTimings(suffix: string): Promise<Timings> {
  const adapter = adapterBySuffix(suffix)
  return withWorkspace('floor', async (dir) => {
    const path = join(dir, 'cassettes', 'stream.json')
    await writeCassette(path, cassetteOf('bench > stream', [adapter.streamInteraction(STREAM_PROMPT, STREAM_CHUNKS)]))
    const replayCall = adapter.replayer()
    const replay = () => inSession(path, 'replay', () => replayCall(STREAM_PROMPT))
    const floor = () => adapter.floor(path)
    expectCount(`${adapter.name} replay`, await replay(), STREAM_CHUNKS)
    expectCount(`${adapter.name} floor`, await floor(), STREAM_CHUNKS)
    // Where the time above the floor goes: the SDK's request path, and loading the cassette beyond reading and
    // parsing it (its checks), each timed on its own in the same rounds.
    const parts: Record<string, () => Promise<unknown>> = {
      load: async () => readCassetteFile(path),
      read: async () => JSON.parse(readFileSync(path, 'utf8')),
    }
    if (adapter.requestPath) parts['request'] = adapter.requestPath()
    return alternate({ replay, floor, ...parts }, { rounds: 60, warmup: 10 })
  })
}

const FLOOR_OF: Record<Adapter['name'], string> = {
  wrapOpenAI: 'read + `JSON.parse` + SDK `Stream`',
  wrapAnthropic: 'read + `JSON.parse` + the Anthropic SDK’s `Stream`',
  wrapFetch: 'read + `JSON.parse` + SSE bytes from an in-memory `fetch`, parsed by the `openai` SDK',
}

const signed = (value: number): string => `${value >= 0 ? '+' : '−'}${ms(Math.abs(value))}`

/**
 * The time above the floor, in parts: the SDK's own request path (where the floor leaves it out), the cassette's
 * load beyond reading and parsing it, and the rest (matching, checks, the response, the per-chunk stream).
 */
function accountOf(runs: readonly Timings[], above: number): string {
  const request = runs[0]?.['request'] ? median(pooled(runs, 'request')) : 0
  const load = differenceAcross(runs, 'load', 'read')
  const parts = [
    ...(request > 0 ? [`SDK request path ${ms(request)}`] : []),
    `load beyond read + parse ${signed(load)}`,
    `the rest ${signed(above - request - load)}`,
  ]
  return parts.join(', ')
}

/** #1 for every adapter: replaying a 1,000-chunk stream through it, against its floor. */
export async function replayVsFloor(): Promise<Row[]> {
  const rows: Row[] = []
  for (const adapter of ADAPTERS) {
    const runs = await timingsInProcesses(`1${adapter.suffix}`)
    const result = ratioAcross(runs, 'replay', 'floor')
    // What a replay costs above reading and parsing its file, beside the ratio: the ratio alone moves with the floor.
    const above = differenceAcross(runs, 'replay', 'floor')
    rows.push({
      id: `1${adapter.suffix}`,
      measure: `\`${adapter.name}\`: replay a ${STREAM_CHUNKS.toLocaleString('en')}-chunk stream from disk, \`for await\``,
      ours: ms(median(pooled(runs, 'replay'))),
      baseline: `floor (${FLOOR_OF[adapter.name]}) ${ms(median(pooled(runs, 'floor')))}`,
      result: `${ratio(result)} (${signed(above)}: ${accountOf(runs, above)})`,
      target: `≤ ${ratio(TARGET)}`,
      met: result <= TARGET,
    })
  }
  return rows
}
