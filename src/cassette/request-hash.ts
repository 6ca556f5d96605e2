import { sha256Hex } from '../util/hash.js'
import { pythonJsonDumps } from './python-json.js'

/** The parts of a recorded request llama-stack hashes to name its file. */
export interface HashedRequest {
  method: string
  /** The URL the SDK called; its path is what llama-stack hashes (e.g. `/v1/v1/chat/completions`). */
  url?: string
  /** Used when `url` is absent or not a URL. */
  endpoint: string
  body: unknown
}

function pathOf(request: HashedRequest): string {
  if (request.url === undefined) return request.endpoint
  try {
    return new URL(request.url).pathname
  } catch {
    return request.endpoint
  }
}

/**
 * llama-stack's request hash (Aug 2025): sha256, in hex, of Python's
 * `json.dumps({"method": method.upper(), "endpoint": urlparse(url).path, "body": body}, sort_keys=True)`.
 */
export function llamaStackRequestHash(request: HashedRequest): string {
  const normalized = { method: request.method.toUpperCase(), endpoint: pathOf(request), body: request.body ?? {} }
  return sha256Hex(pythonJsonDumps(normalized))
}

/** The Aug 2025 layout's file name (`responses/<name>`): the first 12 hex digits of the hash. */
export function llamaStackFileName(request: HashedRequest): string {
  return `${llamaStackRequestHash(request).slice(0, 12)}.json`
}
