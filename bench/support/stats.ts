import { performance } from 'node:perf_hooks'

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of no values')
  const sorted = [...values].sort((a, b) => a - b)
  const middle = sorted.length >> 1
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
}

/** `global.gc` when node runs with --expose-gc (npm run bench does), so each timing starts without GC debt. */
export function collectGarbage(): void {
  ;(globalThis as { gc?: () => void }).gc?.()
}

export interface AlternateOptions {
  /** Timed rounds; each round runs every contender once. */
  rounds: number
  /** Untimed rounds first, so both contenders are past module loading and JIT warm-up. */
  warmup: number
}

/**
 * Times each contender once per round, alternating them (the order flips every round so neither always
 * runs first), and returns every contender's timings in milliseconds.
 */
export async function alternate<Name extends string>(
  contenders: Record<Name, () => Promise<unknown>>,
  { rounds, warmup }: AlternateOptions,
): Promise<Record<Name, number[]>> {
  const names = Object.keys(contenders) as Name[]
  const times = Object.fromEntries(names.map((name) => [name, [] as number[]])) as Record<Name, number[]>
  for (let round = 0; round < warmup + rounds; round++) {
    const order = round % 2 === 0 ? names : [...names].reverse()
    for (const name of order) {
      collectGarbage()
      const start = performance.now()
      await contenders[name]()
      const elapsed = performance.now() - start
      if (round >= warmup) times[name].push(elapsed)
    }
  }
  return times
}

/**
 * The median over rounds of `ours[i] / base[i]`: each round's pair ran back to back, so load that shifts
 * during the run moves both sides of a pair alike and cancels, where a ratio of two medians keeps it.
 */
export function pairedRatio(ours: readonly number[], base: readonly number[]): number {
  return median(paired(ours, base).map(([a, b]) => a / b))
}

/** The median over rounds of `ours[i] - base[i]`, in the timings' unit. */
export function pairedDifference(ours: readonly number[], base: readonly number[]): number {
  return median(paired(ours, base).map(([a, b]) => a - b))
}

function paired(ours: readonly number[], base: readonly number[]): [number, number][] {
  if (ours.length !== base.length) throw new Error(`unpaired timings: ${ours.length} against ${base.length}`)
  return ours.map((value, i) => [value, base[i]!])
}
