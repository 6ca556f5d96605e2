import type { Mode } from '../mode.js'

/** What one test attempt did with its cassette. Plain JSON: it travels from the worker to the reporter on `task.meta`. */
export interface SessionSummary {
  /** Absolute path of the cassette the attempt used (its own, or the one `useCassette()` named). */
  cassettePath: string
  /** True when `useCassette()` pointed the test at a cassette other tests may share. */
  shared: boolean
  /** The mode of the attempt; undefined when it made no call. */
  mode: Mode | undefined
  replayed: number
  recorded: number
  /** Calls that failed with a miss error. */
  missed: number
  /** `usage.total_tokens` of the replayed calls. */
  tokensSaved: number
  /**
   * Indexes of the interactions of the cassette as it was read that no call used; undefined when the cassette
   * was not read (no call was made, or `record` / `live` mode).
   */
  unused: number[] | undefined
  /** True when the attempt's recordings were written. */
  saved: boolean
}
