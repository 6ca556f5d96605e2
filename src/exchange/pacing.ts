import { CassetteError } from '../errors.js'

/**
 * How fast a replayed stream hands on its chunks: `instant` (the default), `recorded` (each chunk as long after
 * the call as it arrived when recorded), or a speed factor over the recorded pacing (2 = twice as fast, 0.5 =
 * half as fast).
 */
export type ReplayTiming = 'instant' | 'recorded' | number

/** The stored arrival time of each chunk of a stream, in ms after its request was sent: an extra response field. */
export const CHUNK_OFFSETS_FIELD = 'chunk_offsets_ms'
/** When the stream ended (its end marker and close), in ms after the request was sent: an extra response field. */
export const STREAM_END_FIELD = 'stream_end_ms'

/** A recorded stream's timing: each chunk's arrival, and its end when it was read to the end. */
export interface StreamTiming {
  offsets: readonly number[]
  end?: number
}

/** When each recorded chunk of one replayed stream may be handed on. */
export interface Pacing {
  /** Resolves once chunk `index` is due (at once when it already is, or when `signal` aborts). */
  wait(index: number, signal?: AbortSignal): Promise<void>
}

export function checkReplayTiming(value: unknown, source: string): ReplayTiming {
  if (value === 'instant' || value === 'recorded') return value
  if (typeof value === 'number' && Number.isFinite(value) && value > 0) return value
  throw new CassetteError(
    `${source}: replayTiming must be 'instant', 'recorded' or a speed factor above 0 (2 = twice as fast), got ${JSON.stringify(value) ?? typeof value}`,
    { code: 'ERR_CASSETTE_OPTION' },
  )
}

const isTime = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value)

/** A stored stream's timing, when its `chunk_offsets_ms` is one (finite numbers, one per chunk). */
export function streamTimingOf(response: { body: unknown; [extra: string]: unknown }): StreamTiming | undefined {
  const offsets = response[CHUNK_OFFSETS_FIELD]
  if (!Array.isArray(offsets) || !Array.isArray(response.body) || offsets.length !== response.body.length) return undefined
  if (!offsets.every(isTime)) return undefined
  const end = response[STREAM_END_FIELD]
  return isTime(end) ? { offsets, end } : { offsets }
}

/** `ms` rounded to a tenth, as offsets are stored. */
export const offsetMs = (ms: number) => Math.round(ms * 10) / 10

/**
 * The pacing of a replay that started at `start` (a `performance.now()` reading): chunk `i` is due at its
 * recorded offset, the end (index = number of chunks) at the recorded end. Undefined when it is instant.
 */
export function pacingFor(recorded: StreamTiming | undefined, timing: ReplayTiming, start: number): Pacing | undefined {
  if (timing === 'instant' || !recorded) return undefined
  const { offsets, end } = recorded
  const factor = timing === 'recorded' ? 1 : timing
  return {
    wait(index, signal) {
      const at = index < offsets.length ? offsets[index]! : (end ?? offsets[offsets.length - 1] ?? 0)
      const due = start + at / factor
      if (due <= performance.now() || signal?.aborted) return Promise.resolve()
      return new Promise((resolve) => {
        let timer: ReturnType<typeof setTimeout> | undefined
        const done = () => {
          clearTimeout(timer)
          signal?.removeEventListener('abort', done)
          resolve()
        }
        // A timer counts from the event loop's cached clock, so it can fire a little before `due`: wait out the rest.
        const arm = () => {
          const delay = due - performance.now()
          if (delay <= 0) done()
          else timer = setTimeout(arm, Math.ceil(delay))
        }
        signal?.addEventListener('abort', done, { once: true })
        arm()
      })
    },
  }
}
