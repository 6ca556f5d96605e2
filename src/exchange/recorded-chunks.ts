/**
 * A replayed stream's `Response` carries its recorded chunks under this key (a registered symbol, so the ESM
 * and CommonJS builds of this package see the same one), so an adapter can hand them to the SDK already parsed
 * instead of letting it parse the server-sent events again. The response keeps its event-stream body.
 */
const RECORDED_CHUNKS = Symbol.for('llm-cassettes.recorded-chunks')

export function attachRecordedChunks(response: Response, chunks: readonly unknown[]): void {
  Object.defineProperty(response, RECORDED_CHUNKS, { value: chunks })
}

export function recordedChunksOf(response: unknown): readonly unknown[] | undefined {
  if (typeof response !== 'object' || response === null) return undefined
  return (response as { [RECORDED_CHUNKS]?: readonly unknown[] })[RECORDED_CHUNKS]
}
