import { untyped } from '../cassette/typed-value.js'
import { isObject } from '../util/is-object.js'
import { tryParseJson } from '../util/parse-json.js'

/** The text a stream sent in pieces, joined, and where its pieces are. */
export interface JoinedText {
  /** e.g. `$.interactions[0].response.body[*].__data__.choices[0].delta.content (joined across chunks 1–7)` */
  path: string
  text: string
}

/**
 * Keys whose string values stream in pieces: chat `content`, `refusal` and tool-call `arguments`; Responses-API
 * `delta`; Anthropic `text`, `partial_json` and `thinking`; reasoning text of OpenAI-compatible servers.
 */
const PIECE_KEYS = new Set(['content', 'refusal', 'arguments', 'delta', 'text', 'partial_json', 'thinking', 'reasoning', 'reasoning_content'])

/** Fields of an event that say which output it continues: Responses-API items, Anthropic content blocks. */
const EVENT_IDENTITY = ['type', 'item_id', 'output_index', 'content_index', 'summary_index', 'index'] as const

/** A chunk's JSON data: typed or plain, or the data of an event kept with its SSE framing. */
function chunkData(chunk: unknown): unknown {
  const data = untyped(chunk)
  if (isObject(data) && typeof data['data'] === 'string' && isObject(chunk) && typeof chunk['__type__'] === 'string') {
    return tryParseJson(data['data'])
  }
  return data
}

const step = (key: string | number) => (typeof key === 'number' ? `[${key}]` : /^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`)

/**
 * Every piece of streamed text in one chunk, by the path it continues. An array element that carries its own
 * `index` (a choice, a tool call) is identified by it rather than by its position, which is 0 in every delta.
 */
function pieces(value: unknown, at: string, into: [string, string][]): void {
  if (Array.isArray(value)) {
    value.forEach((item, position) => {
      const index = isObject(item) && Number.isInteger(item['index']) ? (item['index'] as number) : position
      pieces(item, `${at}[${index}]`, into)
    })
    return
  }
  if (!isObject(value)) return
  for (const [key, item] of Object.entries(value)) {
    if (typeof item === 'string') {
      if (PIECE_KEYS.has(key)) into.push([`${at}${step(key)}`, item])
    } else pieces(item, `${at}${step(key)}`, into)
  }
}

/**
 * The texts a stream's chunks carry in pieces, each joined in chunk order: per choice, per tool call, per
 * Responses-API item and content part, per Anthropic content block. A key sent a few characters per chunk is in
 * none of the chunks, but is in the joined text. Texts sent in one chunk are left out: they were seen whole.
 */
export function joinedStreamTexts(chunks: readonly unknown[], bodyPath: string): JoinedText[] {
  const groups = new Map<string, { parts: string[]; first: number; last: number; dataPath: string; identity: string }>()
  chunks.forEach((chunk, index) => {
    const data = chunkData(chunk)
    if (!isObject(data)) return
    const identity = EVENT_IDENTITY.filter((key) => key in data && (typeof data[key] === 'string' || typeof data[key] === 'number'))
      .map((key) => `${key} ${JSON.stringify(data[key])}`)
      .join(', ')
    const found: [string, string][] = []
    const prefix = isObject(chunk) && chunk['__type__'] !== undefined ? '.__data__' : ''
    pieces(data, prefix, found)
    for (const [dataPath, text] of found) {
      const key = `${identity}\u0000${dataPath}`
      const group = groups.get(key)
      if (group) {
        group.parts.push(text)
        group.last = index
      } else groups.set(key, { parts: [text], first: index, last: index, dataPath, identity })
    }
  })
  const joined: JoinedText[] = []
  for (const { parts, first, last, dataPath, identity } of groups.values()) {
    if (parts.length < 2) continue
    const of = identity === '' ? '' : `, ${identity}`
    joined.push({ path: `${bodyPath}[*]${dataPath} (joined across chunks ${first}–${last}${of})`, text: parts.join('') })
  }
  return joined
}
