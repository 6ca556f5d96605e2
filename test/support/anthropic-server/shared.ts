import { createHash } from 'node:crypto'
import type { ServerResponse } from 'node:http'
import type { Json, Reply } from './types.js'

export const sha256 = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex')
export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))
export const isRecord = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value)
export const records = (value: unknown): Json[] => (Array.isArray(value) ? value.filter(isRecord) : [])
export const countWords = (text: string): number => text.split(/\s+/).filter(Boolean).length
/** Words with their leading space: the deltas a stream sends. */
export const splitWords = (text: string): string[] => text.match(/\s*\S+|\s+$/g) ?? []
export const splitFragments = (text: string): string[] => text.match(/.{1,4}/gs) ?? []
/** A fixed clock: every timestamp the server sends is this day plus a few seconds. */
export const timestamp = (seconds = 0): string => new Date(Date.UTC(2025, 0, 15, 12, 0, seconds)).toISOString().replace('.000Z', 'Z')

/** The API's error body: `{"type":"error","error":{type,message},"request_id"}`. */
export function errorBody(type: string, message: string, requestId: string | null = null, extra: Json = {}): Json {
  return { type: 'error', error: { type, message, ...extra }, request_id: requestId }
}

export function sendJson(res: ServerResponse, reply: Reply): void {
  res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers })
  res.end(JSON.stringify(reply.body))
}

/** Text of a message's content: a string, or its text blocks and tool results joined. */
export function contentText(content: unknown): string {
  if (typeof content === 'string') return content
  return records(content)
    .map((block) => (typeof block.text === 'string' ? block.text : block.type === 'tool_result' ? contentText(block.content) : ''))
    .join(' ')
}

/** A cursor page as Anthropic's list endpoints return it: `limit` items after `after_id` or before `before_id`. */
export function idPage(items: Json[], query: URLSearchParams, defaultLimit: number): Json {
  const limit = Math.max(1, Number(query.get('limit') ?? defaultLimit) || defaultLimit)
  const after = query.get('after_id')
  const before = query.get('before_id')
  let start = 0
  let end = items.length
  if (after !== null) start = items.findIndex((item) => item.id === after) + 1
  if (before !== null)
    end = Math.max(
      0,
      items.findIndex((item) => item.id === before),
    )
  const data = before !== null ? items.slice(Math.max(start, end - limit), end) : items.slice(start, start + limit)
  const idOf = (item: Json | undefined): unknown => item?.id ?? null
  const hasMore = before !== null ? end - limit > start : start + limit < end
  return { data, has_more: hasMore, first_id: idOf(data[0]), last_id: idOf(data.at(-1)) }
}
