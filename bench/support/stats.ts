import { performance } from 'node:perf_hooks'

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of no values')
  const sorted = [...values].sort((a, b) => a - b)
  const middle = sorted.length >> 1
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
}

type Gc = (options?: { type: 'major' | 'minor' }) => void

/** A full GC through `global.gc` when node runs with --expose-gc (npm run bench does): before reading live memory. */
export function collectGarbage(): void {
  ;(globalThis as { gc?: Gc }).gc?.()
}

/**
 * A minor GC (scavenge) before each timing, so no timing pays for the young garbage its predecessor left. Not
 * a full GC: that also frees the hidden classes only the previous call's objects held (the SDK's `APIPromise`
 * after Node's async hooks tagged it, `AbortSignal`s), which deoptimises the code specialised on them (Node 20's
 * promise hooks, the SSE iterator), so every round re-optimised it: 118 deopts and 704 optimisations in 70
 * rounds of #1, against 3 and 118 (warm-up only) with a scavenge. A test suite does not run a full GC per call.
 */
function emptyYoungGeneration(): void {
  ;(globalThis as { gc?: Gc }).gc?.({ type: 'minor' })
}

export interface AlternateOptions {
  /** Timed rounds; each round runs every contender once. */
  rounds: number
  /** Untimed rounds first, so both contenders are past module loading and JIT warm-up. */
  warmup: number
}

/**
 * Times each contender once per round, alternating them (the order flips every round so neither always
 * runs first) after a scavenge, and returns every contender's timings in milliseconds.
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
      emptyYoungGeneration()
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
