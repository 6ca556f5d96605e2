import type { Interaction } from '../cassette/types.js'
import type { CanonicalRequest } from '../match/canonical.js'

/** Recordings consulted after the test's own cassette, in replay only (e.g. a llama-stack recordings directory). */
export interface RecordingSource {
  /** The recording to replay for this request, or undefined. */
  take(request: CanonicalRequest): Interaction | undefined
  /** One line for a miss error: what was searched. */
  describe(): string
  /** The same recordings, with what was served forgotten: each test attempt replays them from the start. */
  fresh(): RecordingSource
}
