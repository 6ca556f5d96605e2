import { fileURLToPath } from 'node:url'
import { BenchSetupError } from './setup-error.js'
import { median, pairedDifference, pairedRatio } from './stats.js'
import { runTsChild } from './ts-child.js'

/** Named series of timings (milliseconds) from one process, e.g. `{ replay: [...], floor: [...] }`. */
export type Timings = Record<string, number[]>

/**
 * How many fresh Node processes time each in-process measure. Within one process the paired rounds agree
 * closely; between processes (JIT and heap layout, what the OS does meanwhile) a ratio moved by up to 30%
 * here, so a measure's result is the median over several processes of each one's paired ratio.
 */
export const PROCESSES = 5

const CHILD = fileURLToPath(new URL('../child.ts', import.meta.url))
/** The child's exit code for a BenchSetupError, so the parent can say "could not be set up". */
export const SETUP_FAILED_EXIT = 3

async function timeInChild(id: string): Promise<Timings> {
  const { code, stdout, stderr } = await runTsChild(CHILD, [id])
  if (code === 0) return JSON.parse(stdout) as Timings
  const message = stderr.trim() || `exit code ${code}`
  throw code === SETUP_FAILED_EXIT ? new BenchSetupError(message) : new Error(message)
}

/** Measure `id`'s timings in `count` fresh processes, one after the other (see `bench/child.ts`). */
export async function timingsInProcesses(id: string, count = PROCESSES): Promise<Timings[]> {
  const runs: Timings[] = []
  for (let run = 0; run < count; run++) runs.push(await timeInChild(id))
  return runs
}

/** Every process's `name` series, pooled: for the times shown beside a result. */
export const pooled = (runs: readonly Timings[], name: string): number[] => runs.flatMap((run) => run[name] ?? [])

/** The median, over processes, of each process's median paired ratio `ours / base`. */
export const ratioAcross = (runs: readonly Timings[], ours: string, base: string): number => median(runs.map((run) => pairedRatio(run[ours]!, run[base]!)))

/** The median, over processes, of each process's median paired difference `ours - base`, in milliseconds. */
export const differenceAcross = (runs: readonly Timings[], ours: string, base: string): number =>
  median(runs.map((run) => pairedDifference(run[ours]!, run[base]!)))
