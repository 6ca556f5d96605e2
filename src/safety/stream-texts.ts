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

/** The paths inside a chunk, each built once per stream: its chunks repeat the same few. */
class ChunkPaths {
  private readonly children = new Map<string, Map<string | number, string>>()

  child(at: string, key: string | number): string {
    let known = this.children.get(at)
    if (known === undefined) this.children.set(at, (known = new Map()))
    let path = known.get(key)
    if (path === undefined) known.set(key, (path = `${at}${step(key)}`))
    return path
  }
}

/**
 * Every piece of streamed text in one chunk, by the path it continues. An array element that carries its own
 * `index` (a choice, a tool call) is identified by it rather than by its position, which is 0 in every delta.
 */
function pieces(value: object, at: string, paths: ChunkPaths, into: [string, string][]): void {
  if (Array.isArray(value)) {
    for (let position = 0; position < value.length; position++) {
      const item: unknown = value[position]
      if (typeof item !== 'object' || item === null) continue
      const index = isObject(item) && Number.isInteger(item['index']) ? (item['index'] as number) : position
      pieces(item, paths.child(at, index), paths, into)
    }
    return
  }
  const record = value as Record<string, unknown>
  for (const key of Object.keys(record)) {
    const item = record[key]
    if (typeof item === 'string') {
      if (PIECE_KEYS.has(key)) into.push([paths.child(at, key), item])
    } else if (typeof item === 'object' && item !== null) pieces(item, paths.child(at, key), paths, into)
  }
}

/** Which output an event continues, e.g. `type "response.output_text.delta", item_id "msg_1"`; empty for a chat chunk. */
function identityOf(data: Record<string, unknown>): string {
  let identity = ''
  for (const key of EVENT_IDENTITY) {
    const value = key in data ? data[key] : undefined
    if (typeof value !== 'string' && typeof value !== 'number') continue
    identity += `${identity === '' ? '' : ', '}${key} ${JSON.stringify(value)}`
  }
  return identity
}

interface PieceGroup {
  parts: string[]
  first: number
  last: number
  dataPath: string
  identity: string
}

/**
 * The texts a stream's chunks carry in pieces, each joined in chunk order: per choice, per tool call, per
 * Responses-API item and content part, per Anthropic content block. A key sent a few characters per chunk is in
 * none of the chunks, but is in the joined text. Texts sent in one chunk are left out: they were seen whole.
 */
export function joinedStreamTexts(chunks: readonly unknown[], bodyPath: string): JoinedText[] {
  const groups: PieceGroup[] = []
  const byIdentity = new Map<string, Map<string, PieceGroup>>()
  const paths = new ChunkPaths()
  const found: [string, string][] = []
  chunks.forEach((chunk, index) => {
    const data = chunkData(chunk)
    if (!isObject(data)) return
    const identity = identityOf(data)
    found.length = 0
    pieces(data, isObject(chunk) && chunk['__type__'] !== undefined ? '.__data__' : '', paths, found)
    for (const [dataPath, text] of found) {
      let ofIdentity = byIdentity.get(identity)
      if (ofIdentity === undefined) byIdentity.set(identity, (ofIdentity = new Map()))
      const group = ofIdentity.get(dataPath)
      if (group) {
        group.parts.push(text)
        group.last = index
      } else {
        const created = { parts: [text], first: index, last: index, dataPath, identity }
        ofIdentity.set(dataPath, created)
        groups.push(created)
      }
    }
  })
  const joined: JoinedText[] = []
  for (const { parts, first, last, dataPath, identity } of groups) {
    if (parts.length < 2) continue
    const of = identity === '' ? '' : `, ${identity}`
    joined.push({ path: `${bodyPath}[*]${dataPath} (joined across chunks ${first}–${last}${of})`, text: parts.join('') })
  }
  return joined
}

/** The texts every streamed response of a cassette sent in pieces, joined (joinedStreamTexts), in interaction order. */
export function cassetteStreamTexts(cassette: unknown): JoinedText[] {
  if (!isObject(cassette) || !Array.isArray(cassette['interactions'])) return []
  return cassette['interactions'].flatMap((interaction, index) => {
    const response = isObject(interaction) ? interaction['response'] : undefined
    if (!isObject(response) || response['is_streaming'] !== true || !Array.isArray(response['body'])) return []
    return joinedStreamTexts(response['body'], `$.interactions[${index}].response.body`)
  })
}
