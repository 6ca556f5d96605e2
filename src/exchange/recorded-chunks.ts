import type { Pacing } from './pacing.js'

/**
 * A replayed stream's `Response` carries its recorded chunks under this key (a registered symbol, so the ESM
 * and CommonJS builds of this package see the same one), so an adapter can hand them to the SDK already parsed
 * instead of letting it parse the server-sent events again. The response keeps its event-stream body.
 */
const RECORDED_CHUNKS = Symbol.for('llm-cassettes.recorded-chunks')
/** The pacing a replayed stream's chunks keep, when the test asked for recorded timing. */
const RECORDED_PACING = Symbol.for('llm-cassettes.recorded-pacing')

export function attachRecordedChunks(response: Response, chunks: readonly unknown[], pacing?: Pacing): void {
  Object.defineProperty(response, RECORDED_CHUNKS, { value: chunks })
  if (pacing) Object.defineProperty(response, RECORDED_PACING, { value: pacing })
}

export function recordedChunksOf(response: unknown): readonly unknown[] | undefined {
  if (typeof response !== 'object' || response === null) return undefined
  return (response as { [RECORDED_CHUNKS]?: readonly unknown[] })[RECORDED_CHUNKS]
}

export function recordedPacingOf(response: unknown): Pacing | undefined {
  if (typeof response !== 'object' || response === null) return undefined
  return (response as { [RECORDED_PACING]?: Pacing })[RECORDED_PACING]
}
