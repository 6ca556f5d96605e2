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

interface PieceGroup {
  parts: string[]
  first: number
  last: number
  place: Place
  identity: string
}

/**
 * A place in a chunk's data, such as `.__data__.choices[0].delta.content`: every chunk of a stream repeats the
 * same few, so each is made once per stream, and its path written out only for a text that is returned.
 */
class Place {
  private readonly children = new Map<string | number, Place>()
  /** The pieces sent at this place, by the identity of the event that sent them. */
  readonly groups = new Map<string, PieceGroup>()

  /** Without a parent: a chunk's data itself, whose path is empty. */
  constructor(
    private readonly parent?: Place,
    private readonly key: string | number = '',
  ) {}

  child(key: string | number): Place {
    let child = this.children.get(key)
    if (child === undefined) this.children.set(key, (child = new Place(this, key)))
    return child
  }

  path(): string {
    const keys: (string | number)[] = []
    for (let place: Place = this; place.parent !== undefined; place = place.parent) keys.push(place.key)
    let path = ''
    for (let i = keys.length - 1; i >= 0; i--) path += step(keys[i]!)
    return path
  }
}

/**
 * Every piece of streamed text in one chunk, by the place it continues. An array element that carries its own
 * `index` (a choice, a tool call) is identified by it rather than by its position, which is 0 in every delta.
 */
function pieces(value: object, at: Place, found: (place: Place, text: string) => void): void {
  if (Array.isArray(value)) {
    for (let position = 0; position < value.length; position++) {
      const item: unknown = value[position]
      if (typeof item !== 'object' || item === null) continue
      const index = isObject(item) && Number.isInteger(item['index']) ? (item['index'] as number) : position
      pieces(item, at.child(index), found)
    }
    return
  }
  const record = value as Record<string, unknown>
  for (const key of Object.keys(record)) {
    const item = record[key]
    if (typeof item === 'string') {
      if (PIECE_KEYS.has(key)) found(at.child(key), item)
    } else if (typeof item === 'object' && item !== null) pieces(item, at.child(key), found)
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

/**
 * The texts a stream's chunks carry in pieces, each joined in chunk order: per choice, per tool call, per
 * Responses-API item and content part, per Anthropic content block. A key sent a few characters per chunk is in
 * none of the chunks, but is in the joined text. Texts sent in one chunk are left out: they were seen whole.
 */
export function joinedStreamTexts(chunks: readonly unknown[], bodyPath: string): JoinedText[] {
  const groups: PieceGroup[] = []
  const plain = new Place()
  // A typed chunk's pieces are inside its `__data__`: the same place as a plain chunk's `__data__` key, as before.
  const typed = plain.child('__data__')
  chunks.forEach((chunk, index) => {
    const data = chunkData(chunk)
    if (!isObject(data)) return
    const identity = identityOf(data)
    pieces(data, isObject(chunk) && chunk['__type__'] !== undefined ? typed : plain, (place, text) => {
      const group = place.groups.get(identity)
      if (group) {
        group.parts.push(text)
        group.last = index
      } else {
        const created = { parts: [text], first: index, last: index, place, identity }
        place.groups.set(identity, created)
        groups.push(created)
      }
    })
  })
  const joined: JoinedText[] = []
  for (const { parts, first, last, place, identity } of groups) {
    if (parts.length < 2) continue
    const of = identity === '' ? '' : `, ${identity}`
    joined.push({ path: `${bodyPath}[*]${place.path()} (joined across chunks ${first}–${last}${of})`, text: parts.join('') })
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
