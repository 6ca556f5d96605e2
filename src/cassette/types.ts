/** A value as the llama-stack recorder writes it: `__type__` is the Python SDK's qualified class name. */
export interface TypedValue {
  __type__: string
  __data__: unknown
}

export interface RecordedRequest {
  method: string
  /** The URL the SDK called, as sent. Informational: matching uses `endpoint` and `body`. */
  url: string
  /**
   * Request headers carry credentials and are not stored: `{}`, except for the few an adapter names because they
   * change what the API does (Anthropic's `anthropic-beta`), which are matched like the body. Never a credential.
   */
  headers: Record<string, string>
  body: unknown
  /** The API path from the API root, e.g. `/v1/chat/completions`, whatever the client's `baseURL`. */
  endpoint: string
  model: string
  [extra: string]: unknown
}

export interface RecordedException {
  type: string
  message: string
  status_code: number
  body: unknown
  [extra: string]: unknown
}

export interface RecordedResponse {
  /** A typed value, plain JSON, or (for streams) the list of chunks in arrival order. Null for exceptions. */
  body: unknown
  is_streaming: boolean
  is_exception?: boolean
  exception_data?: RecordedException
  /** Allow-listed response headers (e.g. `x-request-id`), lower-case names. */
  headers?: Record<string, string>
  /** HTTP status, stored only when it is not 200. */
  status?: number
  /**
   * A stream's media type when it is not server-sent events: newline-delimited JSON (`application/x-ndjson`),
   * whose chunks are its lines.
   */
  content_type?: string
  [extra: string]: unknown
}

/** Exactly one llama-stack recording. */
export interface Interaction {
  request: RecordedRequest
  response: RecordedResponse
  [extra: string]: unknown
}

export interface Cassette {
  version: 1
  /** `<test file> > <describe chain> > <test name>` */
  test: string
  interactions: Interaction[]
  [extra: string]: unknown
}

export const CASSETTE_VERSION = 1
