import type { ServerResponse } from 'node:http'

export type Json = { [key: string]: unknown }

export interface ReceivedRequest {
  method: string
  /** Path and query, as sent. */
  path: string
  headers: Record<string, string | string[] | undefined>
  body: unknown
}

export interface AnthropicServer {
  /** The `baseURL` a client takes: the origin, with no `/v1` (the SDK's paths start with `/v1`). */
  url: string
  /** Where batch results are served from: another origin, as the API's `results_url` may be. */
  resultsUrl: string
  requests: ReceivedRequest[]
  /** Lets a held stream (`gated-model`) go on. */
  release(): void
  /** Stops both listeners and drops open connections; closing twice does nothing. */
  close(): Promise<void>
}

export interface StoredBatch {
  id: string
  /** The `requests` of the create call. */
  requests: Json[]
  createdAt: string
  canceled: boolean
}

/** What one server instance remembers between requests. */
export interface ServerState {
  /** Request hashes a `flaky-*` model already failed once. */
  flakySeen: Set<string>
  batches: Map<string, StoredBatch>
  /** Attempts seen per request hash, so each attempt of a retried request gets its own request id. */
  attempts: Map<string, number>
}

export interface Call {
  res: ServerResponse
  body: Json
  /** sha256 of the method, path and body: deterministic ids. */
  hash: string
  params: Record<string, string>
  query: URLSearchParams
  state: ServerState
  /** The origin batch results are served from. */
  resultsOrigin: string
  waitForRelease(): Promise<void>
}

export type Reply = { status: number; body: Json; headers?: Record<string, string> }
export type Handler = (call: Call) => void | Promise<void>
