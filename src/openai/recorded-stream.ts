import { untyped } from '../cassette/python-types.js'

/**
 * Replay at the speed of JSON. A replayed stream's `Response` carries its recorded chunks under this key
 * (a registered symbol, so the ESM and CommonJS builds of this package see the same one). When the SDK has
 * built its `Stream` over such a response, the stream is swapped for one of the SDK's own class that yields
 * the already-parsed chunks, instead of re-serialising them as server-sent events for the SDK to parse
 * again. The response keeps its event-stream body, so `asResponse()` still reads the SSE bytes.
 */
const RECORDED_CHUNKS = Symbol.for('llm-cassettes.recorded-chunks')

export function attachRecordedChunks(response: Response, chunks: readonly unknown[]): void {
  Object.defineProperty(response, RECORDED_CHUNKS, { value: chunks })
}

function recordedChunksOf(response: unknown): readonly unknown[] | undefined {
  if (typeof response !== 'object' || response === null) return undefined
  return (response as { [RECORDED_CHUNKS]?: readonly unknown[] })[RECORDED_CHUNKS]
}

/** What the SDK yields unchanged: JSON objects without an `error`. Anything else takes the SSE path, which throws as live. */
function yieldedAsIs(chunks: readonly unknown[]): boolean {
  return chunks.every((chunk) => {
    const data = untyped(chunk)
    return typeof data === 'object' && data !== null && !Array.isArray(data) && !(data as { error?: unknown }).error
  })
}

/** The SDK's `Stream` (v4–v7): built from an iterator function and its request's controller. */
interface StreamLike {
  iterator: unknown
  controller: AbortController
}
type StreamClass = new (iterator: () => AsyncIterator<unknown>, controller: AbortController, client?: unknown) => StreamLike

/** What the SDK's `makeRequest` resolves to and hands its response parser (v4–v7). */
interface ParseProps {
  response?: unknown
  controller?: AbortController
  options?: { stream?: boolean; __streamClass?: unknown; __synthesizeEventData?: boolean }
}

function isStream(value: unknown): value is StreamLike {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as StreamLike).iterator === 'function' &&
    (value as StreamLike).controller instanceof AbortController
  )
}

/** The SDK's "consumed stream" error, of its own class where the client exposes it. */
function consumedError(client: object): Error {
  const OpenAIError = (client.constructor as { OpenAIError?: new (message: string) => Error }).OpenAIError ?? Error
  return new OpenAIError('Cannot iterate over a consumed stream, use `.tee()` to split the stream.')
}

/** The same iteration as the SDK's `Stream.fromSSEResponse`, over chunks that are already parsed. */
function chunkStream(sdkStream: StreamLike, chunks: readonly unknown[], client: object): StreamLike {
  const { controller } = sdkStream
  let consumed = false
  async function* iterator(): AsyncGenerator<unknown> {
    if (consumed) throw consumedError(client)
    consumed = true
    let done = false
    try {
      for (const chunk of chunks) {
        // A live body fails once the request is aborted, and the SDK then ends the iteration quietly.
        if (controller.signal.aborted) return
        yield untyped(chunk)
      }
      done = true
    } finally {
      // As the SDK does: a `break` aborts the request.
      if (!done) controller.abort()
    }
  }
  return new (sdkStream.constructor as StreamClass)(iterator, controller, client)
}

function replayedStream(parsed: unknown, props: ParseProps | undefined, client: object): StreamLike | undefined {
  if (!isStream(parsed) || !props?.options?.stream) return undefined
  if (props.options.__streamClass || props.options.__synthesizeEventData) return undefined
  const chunks = recordedChunksOf(props.response)
  if (!chunks || !yieldedAsIs(chunks)) return undefined
  return chunkStream(parsed, chunks, client)
}

type Method = (this: unknown, ...args: unknown[]) => unknown
interface ParsingPromise {
  parseResponse?: Method
}

/**
 * Patches a client's (or a client prototype's) `request` (v4–v7 route every non-page call through it) so that each `APIPromise` it
 * returns parses a replayed stream into the chunk stream above; everything else parses as before. Helpers,
 * `withResponse()` and `_thenUnwrap` (v7's `finish_reason` wrapper, `parse()`) all call the patched parser.
 * Returns the undo; a client without `request` is left alone and replays through the SSE body.
 */
export function serveRecordedStreams(owner: object): () => void {
  const target = owner as { request?: Method }
  const { request } = target
  if (typeof request !== 'function') return () => undefined
  const ownBefore = Object.getOwnPropertyDescriptor(owner, 'request')
  // `owner` may be a client or (for llm-cassettes/auto) a client class's prototype: the client is `this`.
  target.request = function (this: unknown, ...args: unknown[]) {
    const client = this as object
    const promise = request.apply(this, args) as ParsingPromise | undefined
    const parse = promise?.parseResponse
    if (promise && typeof parse === 'function') {
      promise.parseResponse = async function (this: unknown, ...parseArgs: unknown[]) {
        const parsed = await parse.apply(this, parseArgs)
        return replayedStream(parsed, parseArgs[parseArgs.length - 1] as ParseProps | undefined, client) ?? parsed
      }
    }
    return promise
  }
  return () => {
    if (ownBefore) Object.defineProperty(owner, 'request', ownBefore)
    else delete target.request
  }
}
