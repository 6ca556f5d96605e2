import { relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { corpusDir, largestRecording } from '../support/corpus.js'
import { mib, ratio, type Row } from '../support/row.js'
import { runTsChild } from '../support/ts-child.js'
import { withWorkspace } from '../support/workspace.js'

const CHILD = fileURLToPath(new URL('./peak-memory-child.ts', import.meta.url))
const RUNS = 3

interface Usage {
  rss: number
  heap: number
}
interface ChildReport {
  before: Usage
  peak: Usage
  chunks: number
}

async function runChild(recording: string, dir: string): Promise<ChildReport> {
  const { code, stdout, stderr } = await runTsChild(CHILD, [recording, dir])
  if (code !== 0) throw new Error(`the replay process exited with ${code}: ${stderr.trim()}`)
  return JSON.parse(stdout) as ChildReport
}

/** #6: memory added by replaying the largest corpus recording, measured in fresh processes, against its size. */
export async function peakMemory(): Promise<Row[]> {
  // A missing corpus is a BenchSetupError that says how to point at it.
  const { path, size } = await largestRecording()
  return withWorkspace('memory', async (dir) => {
    const reports: ChildReport[] = []
    for (let run = 0; run < RUNS; run++) reports.push(await runChild(path, dir))
    const grown = (pick: (usage: Usage) => number) => reports.map((report) => pick(report.peak) - pick(report.before)).sort((a, b) => a - b)[RUNS >> 1]!
    const heap = grown((usage) => usage.heap)
    const rss = grown((usage) => usage.rss)
    const name = relative(corpusDir(), path)
    return [
      {
        id: '6',
        measure: `peak memory replaying the largest corpus recording (${name.slice(0, 40)}…, ${reports[0]!.chunks} chunks)`,
        ours: `live heap +${mib(heap)} (RSS +${mib(rss)})`,
        baseline: `file ${mib(size)}`,
        result: ratio(heap / size),
        target: '≤ 3.00×',
        met: heap / size <= 3,
      },
    ]
  })
}
