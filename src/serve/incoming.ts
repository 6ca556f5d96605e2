import type { IncomingMessage } from 'node:http'
import { isObject } from '../util/is-object.js'
import type { ServedProvider } from './upstreams.js'

/** Headers that belong to one connection (RFC 9110 §7.6.1) or that fetch sets itself: never passed on. */
const NOT_FORWARDED = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'upgrade',
  'te',
  'trailer',
  'host',
  'content-length',
  'expect',
  // fetch asks for the encodings it decodes, and hands back the body decoded.
  'accept-encoding',
])

/** The client's request headers as they go upstream. */
export function forwardedHeaders(req: IncomingMessage): Headers {
  const headers = new Headers()
  const raw = req.rawHeaders
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]!.toLowerCase()
    if (!NOT_FORWARDED.has(name)) headers.append(name, raw[i + 1]!)
  }
  return headers
}

/** Response headers not passed back: fetch has decoded the body and Node frames it anew. */
export const NOT_RETURNED = new Set(['content-encoding', 'content-length', 'transfer-encoding', 'connection', 'keep-alive'])

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}

const isJsonType = (contentType: string) => {
  const mediaType = contentType.split(';')[0]!.trim().toLowerCase()
  return mediaType === '' || mediaType === 'application/json' || mediaType.endsWith('+json')
}

/**
 * Why a request to a provider's API is malformed before anything is matched or sent: a JSON body that does not
 * parse, or that is not an object (every JSON endpoint of the three APIs takes an object). Other paths pass as
 * they are.
 */
export function bodyProblem(provider: ServedProvider, headers: Headers, body: Buffer): string | undefined {
  if (provider === 'plain' || body.length === 0 || !isJsonType(headers.get('content-type') ?? '')) return undefined
  let json: unknown
  try {
    json = JSON.parse(body.toString('utf8'))
  } catch (error) {
    return `The request body is not valid JSON (${(error as Error).message}). The ${provider} API expects a JSON object.`
  }
  if (!isObject(json)) {
    return `The request body must be a JSON object; got ${Array.isArray(json) ? 'an array' : JSON.stringify(json)}.`
  }
  return undefined
}

/** The body as fetch sends it: text for JSON and text (matched as JSON or text), bytes for the rest (multipart uploads). */
export function bodyInit(headers: Headers, body: Buffer): string | Uint8Array<ArrayBuffer> | undefined {
  if (body.length === 0) return undefined
  const contentType = (headers.get('content-type') ?? '').toLowerCase()
  if (isJsonType(contentType) || contentType.startsWith('text/')) return body.toString('utf8')
  return new Uint8Array(body)
}
