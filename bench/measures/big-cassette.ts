import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { MAX_CASSETTE_BYTES } from '../../src/cassette/read-file.js'
import { cassetteOf, chatChunks, chatInteraction, writeCassette } from '../support/chat-cassette.js'
import { mib, ratio, type Row } from '../support/row.js'
import { runTsChild } from '../support/ts-child.js'
import { withWorkspace } from '../support/workspace.js'

const CHILD = fileURLToPath(new URL('./big-cassette-child.ts', import.meta.url))
const RUNS = 3
/** About 128 MiB in a cassette: half the size limit, far above any cassette a test records. */
const CHUNKS = 240_000

interface ChildReport {
  size: number
  chunks: number
  rss: number
}

/** #7: the peak memory a replay of a big cassette (half the size limit) adds, in fresh processes, against the file's size. */
export async function bigCassette(): Promise<Row[]> {
  return withWorkspace('big-cassette', async (dir) => {
    const path = join(dir, 'big.json')
    await writeCassette(path, cassetteOf('bench > big', [chatInteraction('big', chatChunks(CHUNKS))]))
    const reports: ChildReport[] = []
    for (let run = 0; run < RUNS; run++) {
      const { code, stdout, stderr } = await runTsChild(CHILD, [path, String(CHUNKS)])
      if (code !== 0) throw new Error(`the replay process exited with ${code}: ${stderr.trim()}`)
      reports.push(JSON.parse(stdout) as ChildReport)
    }
    const { size } = reports[0]!
    const rss = reports.map((report) => report.rss).sort((a, b) => a - b)[RUNS >> 1]!
    return [
      {
        id: '7',
        measure: `peak memory replaying a ${mib(size)} cassette (${CHUNKS.toLocaleString('en-US')} chunks; the limit is ${mib(MAX_CASSETTE_BYTES)})`,
        ours: `peak RSS +${mib(rss)}`,
        baseline: `file ${mib(size)}`,
        result: ratio(rss / size),
        target: '≤ 2.00×',
        met: rss / size <= 2,
      },
    ]
  })
}
