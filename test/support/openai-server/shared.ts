import { createHash } from 'node:crypto'
import type { ServerResponse } from 'node:http'
import type { Call, Json, Reply } from './types.js'

export const CREATED = 1700000000
export const FINGERPRINT = 'fp_test'
export const CHUNK_DELAY_MS = 5
/** Answers as others do, with ids made up afresh on every call. */
export const VOLATILE_MODEL = 'volatile-model'
/** Streams like a slow remote model: the first chunk after PACED_FIRST_MS, then one every PACED_GAP_MS. */
export const PACED_MODEL = 'paced-model'
export const PACED_FIRST_MS = 300
export const PACED_GAP_MS = 60
export const DONE_FRAME = 'data: [DONE]\n\n'

export const isRecord = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value)
export const records = (value: unknown): Json[] => (Array.isArray(value) ? value.filter(isRecord) : [])
export const lastWhere = (items: Json[], predicate: (item: Json) => boolean): Json | undefined => [...items].reverse().find(predicate)
export const sha256 = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex')
export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))
export const countWords = (text: string): number => text.split(/\s+/).filter(Boolean).length
export const splitWords = (text: string): string[] => text.match(/\s*\S+|\s+$/g) ?? []
export const splitFragments = (text: string): string[] => text.match(/.{1,4}/gs) ?? []
export const asText = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value))
export const stringField = (body: Json, key: string, fallback: string): string => {
  const value = body[key]
  return typeof value === 'string' && value !== '' ? value : fallback
}
export const includeUsage = (body: Json): boolean => isRecord(body.stream_options) && body.stream_options.include_usage === true
export const dataFrame = (payload: unknown): string => `data: ${JSON.stringify(payload)}\n\n`

export function apiError(message: string, type: string, param: string | null, code: string | null): Json {
  return { error: { message, type, param, code } }
}

export function invalidRequest(message: string, param: string | null = null, code: string | null = null): Json {
  return apiError(message, 'invalid_request_error', param, code)
}

export const badRequest = (message: string, param: string | null = null): Reply => ({
  status: 400,
  body: invalidRequest(message, param),
})
export const notFound = (method: string, path: string): Reply => ({
  status: 404,
  body: invalidRequest(`Invalid URL (${method} ${path})`),
})

export function textOf(content: unknown): string {
  if (typeof content === 'string') return content
  return records(content)
    .filter((part) => typeof part.text === 'string')
    .map((part) => String(part.text))
    .join(' ')
}

export function sendJson(res: ServerResponse, reply: Reply): void {
  res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers })
  res.end(JSON.stringify(reply.body))
}

export function sendBytes(res: ServerResponse, contentType: string, bytes: Buffer | string): void {
  res.writeHead(200, { 'content-type': contentType, 'content-length': String(Buffer.byteLength(bytes)) })
  res.end(bytes)
}

export async function sendFrames(call: Call, frames: string[]): Promise<void> {
  const { res } = call
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' })
  const gated = call.model === 'gated-model'
  // `stepped-model` sends each frame after the first only when released: the client never has more than it asked for.
  const stepped = call.model === 'stepped-model'
  const paced = call.model === PACED_MODEL
  if (paced) res.flushHeaders()
  for (const [index, frame] of frames.entries()) {
    if ((index === 1 && gated) || (index > 0 && stepped)) await call.waitForRelease()
    if (paced) await sleep(index === 0 ? PACED_FIRST_MS : PACED_GAP_MS)
    else if (index > 0) await sleep(CHUNK_DELAY_MS)
    if (res.destroyed) return
    res.write(frame)
  }
  res.end()
}

/** `length` bytes from the chain sha256(seed), sha256(previous digest), … */
export function digestChain(seed: string | Buffer, length: number): Buffer {
  const blocks: Buffer[] = []
  let block = createHash('sha256').update(seed).digest()
  for (let size = 0; size < length; size += block.length) {
    blocks.push(block)
    block = createHash('sha256').update(block).digest()
  }
  return Buffer.concat(blocks).subarray(0, length)
}

/** A cursor page as the list endpoints return it: `limit` items after the item `after`, in order. */
export function cursorPage(items: Json[], query: URLSearchParams, defaultLimit: number): Json {
  const limit = Math.max(1, Number(query.get('limit') ?? defaultLimit) || defaultLimit)
  const after = query.get('after')
  const start = after === null ? 0 : items.findIndex((item) => item.id === after) + 1
  const data = items.slice(start, start + limit)
  const idOf = (item: Json | undefined): unknown => item?.id ?? null
  return { object: 'list', data, first_id: idOf(data[0]), last_id: idOf(data.at(-1)), has_more: start + limit < items.length }
}
