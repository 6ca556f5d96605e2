import { availableParallelism, cpus, loadavg } from 'node:os'
import { BenchSetupError } from './support/setup-error.js'
import type { Row } from './support/row.js'
import { replayVsFloor } from './measures/replay-vs-floor.js'
import { replayVsMsw } from './measures/replay-vs-msw.js'
import { recordOverhead } from './measures/record-overhead.js'
import { vitestSuite, vitestSuiteAtScale } from './measures/vitest-suite.js'
import { cassetteIo } from './measures/cassette-io.js'
import { peakMemory } from './measures/peak-memory.js'
import { bigCassette } from './measures/big-cassette.js'
import { importCost } from './measures/import-cost.js'
import { replayVsContenders } from './measures/replay-vs-contenders.js'
import { cliAtScale } from './measures/cli-at-scale.js'

type Measure = { id: string; run: () => Promise<Row[]> }

const MEASURES: Measure[] = [
  { id: '1', run: replayVsFloor },
  { id: '2', run: replayVsMsw },
  { id: '3', run: recordOverhead },
  { id: '4', run: vitestSuite },
  { id: '5', run: cassetteIo },
  { id: '6', run: peakMemory },
  { id: '7', run: bigCassette },
  { id: '8', run: importCost },
  { id: '9', run: replayVsContenders },
  { id: '11', run: cliAtScale },
  { id: '12', run: vitestSuiteAtScale },
]

/** The machine the table was measured on, printed above it. */
function machine(): string {
  return `Node ${process.version}, ${cpus()[0]?.model.trim() ?? 'unknown CPU'}, ${availableParallelism()} cores`
}

/** The 1-, 5- and 15-minute load averages: a wall-clock figure means little without them on a shared machine. */
const load = (): string =>
  loadavg()
    .map((value) => value.toFixed(2))
    .join(', ')

function table(rows: readonly Row[]): string {
  const mark = (met: boolean | undefined) => (met === undefined ? 'reported' : met ? 'met' : '**missed**')
  return [
    '| # | measure | llm-cassettes | compared with | result | target | |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...rows.map((row) => `| ${row.id} | ${row.measure} | ${row.ours} | ${row.baseline} | ${row.result} | ${row.target} | ${mark(row.met)} |`),
  ].join('\n')
}

/** `npm run bench` runs every measure; `npm run bench -- 1 3` runs those only. */
async function main(selected: readonly string[]): Promise<number> {
  const measures = selected.length === 0 ? MEASURES : MEASURES.filter((measure) => selected.includes(measure.id))
  if (measures.length === 0) {
    console.error(`bench: no measure named ${selected.join(', ')}; there are ${MEASURES.map((m) => m.id).join(', ')}`)
    return 2
  }
  const rows: Row[] = []
  const loadBefore = load()
  for (const measure of measures) {
    const started = Date.now()
    try {
      rows.push(...(await measure.run()))
    } catch (error) {
      const kind = error instanceof BenchSetupError ? 'could not be set up' : 'failed'
      console.error(`bench: measure #${measure.id} ${kind}: ${(error as Error).message}`)
      console.error('bench: no table printed, since a partial table would mislead.')
      return 1
    }
    console.error(`bench: #${measure.id} done in ${((Date.now() - started) / 1000).toFixed(1)} s (load average ${load()})`)
  }
  console.log(`${machine()}; load average ${loadBefore} at the start, ${load()} at the end\n\n${table(rows)}`)
  return 0
}

process.exitCode = await main(process.argv.slice(2))
