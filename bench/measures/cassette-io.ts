import { readFileSync } from 'node:fs'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { createFileStore } from '../../src/cassette/store.js'
import { serializeCassette } from '../../src/cassette/serialize.js'
import { cassetteOf, chatChunks, chatInteraction, chatRequest } from '../support/chat-cassette.js'
import { BENCH_API_KEY, DEAD_BASE_URL } from '../support/clients.js'
import { benchSession } from '../support/replay-session.js'
import { ratio, ms, type Row } from '../support/row.js'
import { pooled, ratioAcross, timingsInProcesses, type Timings } from '../support/processes.js'
import { alternate, median } from '../support/stats.js'
import { withWorkspace } from '../support/workspace.js'
import { sessionCall } from '../../test/support/session-call.js'

/** Chunks enough for a cassette of about 1 MB as the store writes it. */
const CHUNKS = 1_500
const PROMPT = 'Write a long answer'

/** #5, in one process: writing a 1 MB cassette through the store, and loading it cold to serve its first match. */
export async function cassetteIoTimings(): Promise<Timings> {
  return withWorkspace('io', async (dir) => {
    const cassette = cassetteOf('bench > io', [chatInteraction(PROMPT, chatChunks(CHUNKS))])
    const size = Buffer.byteLength(serializeCassette(cassette))
    const store = createFileStore()
    let written = 0
    const fresh = () => join(dir, `written-${written++}.json`)
    // Each write goes to a new file: the store's full path (lock, read, sorted serialisation, temp file, fsync, rename).
    const write = async () => {
      if ((await store.update(fresh(), () => cassette)) !== 'written') throw new Error('the store wrote nothing')
    }
    const plainWrite = () => writeFile(fresh(), JSON.stringify(cassette))
    const writes = await alternate({ write, plainWrite }, { rounds: 40, warmup: 5 })

    const path = join(dir, 'cassette.json')
    await store.update(path, () => cassette)
    const url = `${DEAD_BASE_URL}/chat/completions`
    const init = { method: 'POST', body: JSON.stringify(chatRequest(PROMPT)) }
    // A new session reads the file on its first call, as each test does; the OS file cache is warm.
    const load = async () => {
      const session = benchSession(path, 'replay')
      const call = await sessionCall(url, init, {
        baseURL: DEAD_BASE_URL,
        apiKey: BENCH_API_KEY,
        sendLive: () => Promise.reject(new Error('live')),
      })
      const { response } = await session.handle(call)
      if (!response.ok) throw new Error(`the first match replayed as ${response.status}`)
    }
    const plainLoad = async () => JSON.parse(readFileSync(path, 'utf8')) as unknown
    const loads = await alternate({ load, plainLoad }, { rounds: 60, warmup: 5 })

    // The cassette's size rides along as a one-value series.
    return { ...writes, ...loads, size: [size] }
  })
}

/** #5: writing a 1 MB cassette through the store, and loading it cold to serve its first match. */
export async function cassetteIo(): Promise<Row[]> {
  const runs = await timingsInProcesses('5')
  const sizeText = `${(runs[0]!.size![0]! / 1024 / 1024).toFixed(2)} MiB`
  return [
    {
      id: '5a',
      measure: `write a ${sizeText} cassette (sorted keys, temp file + fsync + rename, locked)`,
      ours: ms(median(pooled(runs, 'write'))),
      baseline: `\`JSON.stringify\` + \`writeFile\` ${ms(median(pooled(runs, 'plainWrite')))}`,
      result: ratio(ratioAcross(runs, 'write', 'plainWrite')),
      target: 'report',
      met: undefined,
    },
    {
      id: '5b',
      measure: `load the ${sizeText} cassette cold, serve the first match`,
      ours: ms(median(pooled(runs, 'load'))),
      baseline: `\`readFileSync\` + \`JSON.parse\` ${ms(median(pooled(runs, 'plainLoad')))}`,
      result: ratio(ratioAcross(runs, 'load', 'plainLoad')),
      target: 'report',
      met: undefined,
    },
  ]
}
