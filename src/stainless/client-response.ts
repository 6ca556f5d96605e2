import { attachRecordedChunks, recordedChunksOf } from '../exchange/recorded-chunks.js'
import { loadOnUse } from '../util/load-on-use.js'

type ResponseClass = new (body: unknown, init: { status: number; statusText: string; headers: Record<string, string>; url: string }) => Response

/**
 * A response served by the cassette (a replay, or a recorded stream) as the client's own `fetch` would have
 * made it. openai v4 and @anthropic-ai/sdk 0.39 fetch with node-fetch, whose `Response` (`client.fetch.Response`)
 * reads bodies as Node streams and parses JSON in the realm it was loaded in: under Jest that is the test's
 * realm, not Node's, so a platform `Response` would hand the test objects of another realm than live. Clients
 * that fetch with the platform's `fetch` get the response as it is.
 */
export function asClientResponse(client: unknown, response: Response): Response {
  const ClientResponse = (client as { fetch?: { Response?: unknown } } | undefined)?.fetch?.Response
  if (typeof ClientResponse !== 'function' || ClientResponse === globalThis.Response || !(response instanceof globalThis.Response)) return response
  // node:stream (~3 ms to load) only for these older clients, so not at import.
  const { Readable } = loadOnUse('node:stream') as typeof import('node:stream')
  const body = response.body ? Readable.fromWeb(response.body as import('node:stream/web').ReadableStream<Uint8Array>) : null
  const converted = new (ClientResponse as ResponseClass)(body, {
    status: response.status,
    statusText: response.statusText,
    headers: Object.fromEntries(response.headers),
    url: response.url,
  })
  const chunks = recordedChunksOf(response)
  if (chunks) attachRecordedChunks(converted, chunks)
  return converted
}
