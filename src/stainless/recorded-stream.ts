import type { Pacing } from '../exchange/pacing.js'
import { recordedChunksOf, recordedPacingOf } from '../exchange/recorded-chunks.js'
import type { StainlessSdk } from './sdk.js'

// Replay at the speed of JSON: when the SDK has built its `Stream` over a replayed response, the stream is
// swapped for one of the SDK's own class that yields the already-parsed recorded chunks, instead of letting the
// SDK parse re-serialised server-sent events. `asResponse()` still reads the SSE bytes.

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
function consumedError(client: object, sdk: StainlessSdk): Error {
  const SdkError = (client.constructor as unknown as Record<string, (new (message: string) => Error) | undefined>)[sdk.errorClassName] ?? Error
  return new SdkError('Cannot iterate over a consumed stream, use `.tee()` to split the stream.')
}

type SseStreamClass = { fromSSEResponse?: (response: Response, controller: AbortController, client?: unknown) => AsyncIterable<unknown> }

/**
 * The error the SDK's own `Stream` throws when iterated a second time, made by the SDK itself (over an empty
 * body): its class differs between versions (a plain `Error` in openai v4 and @anthropic-ai/sdk 0.39, the SDK's
 * base error class later).
 */
async function sdkConsumedError(streamClass: unknown, client: object, sdk: StainlessSdk): Promise<unknown> {
  const fromSSEResponse = (streamClass as SseStreamClass).fromSSEResponse
  if (typeof fromSSEResponse !== 'function') return consumedError(client, sdk)
  try {
    const probe = fromSSEResponse.call(streamClass, new Response(''), new AbortController(), client)
    for await (const _ of probe) break
    for await (const _ of probe) break
  } catch (error) {
    return error
  }
  return consumedError(client, sdk)
}

/** The same iteration as the SDK's `Stream.fromSSEResponse`, over values that are already parsed. */
function valueStream(sdkStream: StreamLike, values: readonly unknown[], client: object, sdk: StainlessSdk, pacing: Pacing | undefined): StreamLike {
  const { controller } = sdkStream
  const { signal } = controller
  let consumed = false
  async function* iterator(): AsyncGenerator<unknown> {
    if (consumed) throw await sdkConsumedError(sdkStream.constructor, client, sdk)
    consumed = true
    let done = false
    try {
      // An index loop: an entries() iterator made an array per chunk.
      for (let index = 0; index < values.length; index++) {
        if (pacing) await pacing.wait(index, signal)
        // A live body fails once the request is aborted, and the SDK then ends the iteration quietly.
        if (signal.aborted) return
        yield values[index]
      }
      if (pacing) await pacing.wait(values.length, controller.signal)
      done = true
    } finally {
      // As the SDK does: a `break` aborts the request.
      if (!done) controller.abort()
    }
  }
  return new (sdkStream.constructor as StreamClass)(iterator, controller, client)
}

function replayedStream(parsed: unknown, props: ParseProps | undefined, client: object, sdk: StainlessSdk): StreamLike | undefined {
  if (!isStream(parsed) || !props?.options?.stream) return undefined
  if (props.options.__streamClass || props.options.__synthesizeEventData) return undefined
  const chunks = recordedChunksOf(props.response)
  const values = chunks && sdk.streamedValues(chunks)
  return values ? valueStream(parsed, values, client, sdk, recordedPacingOf(props.response)) : undefined
}

type Method = (this: unknown, ...args: unknown[]) => unknown
interface ParsingPromise {
  parseResponse?: Method
}

/**
 * Patches a client's (or a client prototype's) `request` (every non-page call goes through it) so that each `APIPromise` it
 * returns parses a replayed stream into the chunk stream above; everything else parses as before. Helpers,
 * `withResponse()` and `_thenUnwrap` (v7's `finish_reason` wrapper, `parse()`) all call the patched parser.
 * Returns the undo; a client without `request` is left alone and replays through the SSE body.
 */
export function serveRecordedStreams(owner: object, sdk: StainlessSdk): () => void {
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
        return replayedStream(parsed, parseArgs[parseArgs.length - 1] as ParseProps | undefined, client, sdk) ?? parsed
      }
    }
    return promise
  }
  return () => {
    if (ownBefore) Object.defineProperty(owner, 'request', ownBefore)
    else delete target.request
  }
}
