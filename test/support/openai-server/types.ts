import type { ServerResponse } from 'node:http'

export interface ReceivedRequest {
  method: string
  path: string
  headers: Record<string, string | string[] | undefined>
  body: unknown
}

export interface OpenAIServer {
  url: string
  /** `http://host:port` with no path: the `endpoint` an `AzureOpenAI` client takes. */
  origin: string
  port: number
  requests: ReceivedRequest[]
  release(): void
  /** Stops the server and drops open connections; closing a closed server does nothing. */
  close(): Promise<void>
}

export interface OpenAIServerOptions {
  port?: number
  host?: string
}

export type Json = { [key: string]: unknown }
export type Reply = { status: number; body: Json; headers?: Record<string, string> }

/** A multipart file part, bytes included; `ReceivedRequest.body` holds only its summary. */
export interface Upload {
  filename: string
  type: string
  bytes: Buffer
  sha256: string
}

export interface StoredFile {
  id: string
  filename: string
  purpose: string
  createdAt: number
  bytes: Buffer
}

export interface StoredBatch {
  object: Json
  cancelled: boolean
}

/** What one server instance remembers between requests. */
export interface ServerState {
  flakySeen: Set<string>
  files: Map<string, StoredFile>
  batches: Map<string, StoredBatch>
  /** Counts creations so that `created_at` grows without a clock. */
  sequence: number
}

export interface Call {
  res: ServerResponse
  /** The JSON body, or the multipart fields (files as their summaries). */
  body: Json
  /** The body's model, else the Azure deployment, else the route's default; '' for routes without one. */
  model: string
  /** sha256 of the request body (of its fields and file digests for multipart), for deterministic ids. */
  hash: string
  uploads: Record<string, Upload[]>
  params: Record<string, string>
  query: URLSearchParams
  state: ServerState
  waitForRelease: () => Promise<void>
}

export type Handler = (call: Call) => void | Promise<void>
