import type { RecordedException } from './types.js'

/** One server-sent event as it arrived: its `event:` and `id:` fields when it had them, and its `data:` text. */
export interface SseEvent {
  event?: string
  id?: string
  data: string
  /** The event's exact text, kept by formats that replay bytes as they came (plain) where it is not `sseText`'s. */
  raw?: string
}

/**
 * Which fields of a provider's responses the server fills with values that change on every call: what
 * `normalizeIds` rewrites in a cassette, and where matching looks for ids a test received. Keys are matched at
 * any depth of a body or a stream chunk.
 */
export interface VolatileFields {
  /** Keys whose string values are ids the server made up (`id`, `call_id`, …). */
  readonly idKeys: readonly string[]
  /** Keys whose values are the server's clock (`created`, …): stored as 0, or as the epoch when written as text. */
  readonly timeKeys: readonly string[]
  /** Keys whose string values name the server's build or configuration (`system_fingerprint`): stored as the value given. */
  readonly constantKeys?: Readonly<Record<string, string>>
  /** Keys whose objects hold only measurements (llama.cpp's `timings`): every number in them is stored as 0. */
  readonly measurementKeys?: readonly string[]
}

/**
 * How one provider's HTTP API looks on the wire and how its bodies are stored: the Python SDK's class names
 * (so llama-stack and Python suites read the cassette), how a stream is framed and ended, how an error body is
 * kept. One per provider, in `src/providers/`; the exchange core and the session are handed one per call and
 * know no provider themselves.
 */
export interface WireFormat {
  /** `openai`, `anthropic`, …: for messages. */
  readonly name: string
  /** A JSON response body as it goes into a cassette. */
  encodeBody(endpoint: string, body: unknown): unknown
  /** The inverse of `encodeBody`: the JSON body the API sent. */
  decodeBody(endpoint: string, stored: unknown): unknown
  /**
   * One streamed event as it goes into a cassette; undefined for an end marker that replay adds back (`[DONE]`).
   * `raw` is the event's text exactly as it arrived: its lines with their line endings, any comment lines that
   * came before it, and the blank line that ends it.
   */
  encodeEvent(endpoint: string, event: SseEvent, raw: string): { chunk: unknown } | undefined
  /**
   * Text after a stream's last event that holds no event (a trailing comment, an event the connection cut short),
   * as a last chunk; formats without it drop that text, as a client's parser does.
   */
  encodeTail?(endpoint: string, raw: string): { chunk: unknown } | undefined
  /**
   * Why a stored chunk cannot be replayed (e.g. `must be an object: a streamed event's JSON data`), or undefined
   * when it can. Checked for every chunk before a stream is replayed, so a damaged cassette fails naming the chunk.
   */
  chunkProblem?(endpoint: string, chunk: unknown): string | undefined
  /** One stored chunk as the server sent it: the SSE text of the event, blank line included. */
  eventText(endpoint: string, chunk: unknown): string
  /** What the server sends after the last event (`data: [DONE]\n\n`), or ''. */
  streamEnd(endpoint: string): string
  /** An error response as it goes into a cassette, from its status, its body text and that text parsed (if JSON). */
  encodeError(status: number, text: string, json: unknown): RecordedException
  /** The body text an error response is replayed with. */
  errorBody(exception: RecordedException): string
  /** Tokens a stored response value spent (one JSON body or one chunk), when it says. */
  tokensOf(value: unknown): number | undefined
  /** The volatile fields of this API's responses; without it, llama-stack's rule (`id` and `created`) applies. */
  readonly volatileFields?: VolatileFields
}
