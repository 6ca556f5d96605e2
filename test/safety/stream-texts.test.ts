import fc from 'fast-check'
import { expect, test } from 'vitest'
import { untyped } from '../../src/cassette/typed-value.js'
import { joinedStreamTexts, type JoinedText } from '../../src/safety/stream-texts.js'
import { isObject } from '../../src/util/is-object.js'
import { tryParseJson } from '../../src/util/parse-json.js'

/**
 * joinedStreamTexts as it was before it made each place once per stream (9f4c3c1), building every path as a
 * string: what it must still return, text for text and path for path.
 */
function joinedStreamTextsBefore(chunks: readonly unknown[], bodyPath: string): JoinedText[] {
  const PIECE_KEYS = new Set(['content', 'refusal', 'arguments', 'delta', 'text', 'partial_json', 'thinking', 'reasoning', 'reasoning_content'])
  const EVENT_IDENTITY = ['type', 'item_id', 'output_index', 'content_index', 'summary_index', 'index'] as const
  const chunkData = (chunk: unknown): unknown => {
    const data = untyped(chunk)
    if (isObject(data) && typeof data['data'] === 'string' && isObject(chunk) && typeof chunk['__type__'] === 'string') return tryParseJson(data['data'])
    return data
  }
  const step = (key: string | number) => (typeof key === 'number' ? `[${key}]` : /^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`)
  const pieces = (value: unknown, at: string, into: [string, string][]): void => {
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
  const groups = new Map<string, { parts: string[]; first: number; last: number; dataPath: string; identity: string }>()
  chunks.forEach((chunk, index) => {
    const data = chunkData(chunk)
    if (!isObject(data)) return
    const identity = EVENT_IDENTITY.filter((key) => key in data && (typeof data[key] === 'string' || typeof data[key] === 'number'))
      .map((key) => `${key} ${JSON.stringify(data[key])}`)
      .join(', ')
    const found: [string, string][] = []
    pieces(data, isObject(chunk) && chunk['__type__'] !== undefined ? '.__data__' : '', found)
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
    joined.push({ path: `${bodyPath}[*]${dataPath} (joined across chunks ${first}–${last}${identity === '' ? '' : `, ${identity}`})`, text: parts.join('') })
  }
  return joined
}

const KEYS = ['content', 'delta', 'text', 'arguments', 'choices', 'tool_calls', 'function', 'index', 'type', 'item_id', '__data__', '0', 'a.b', 'x y', 'role']
const leaf = fc.oneof(fc.string({ maxLength: 3 }), fc.integer({ min: -1, max: 2 }), fc.constant(null), fc.constant(1.5))
const data = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, tie('object'), tie('array')),
  object: fc.dictionary(fc.constantFrom(...KEYS), tie('value'), { maxKeys: 4 }),
  array: fc.array(tie('value'), { maxLength: 3 }),
})).object

const piece = fc.string({ maxLength: 3 })
/** Chunk data shaped like the providers' (choices with an index or not, deltas, blocks, tool calls) or anything. */
const shaped = fc.oneof(
  fc.record({
    choices: fc.array(fc.record({ index: fc.constantFrom(0, 1), delta: fc.record({ content: piece }) }, { requiredKeys: ['delta'] }), { maxLength: 2 }),
  }),
  fc.record({
    choices: fc.tuple(
      fc.record({ delta: fc.record({ tool_calls: fc.tuple(fc.record({ index: fc.constantFrom(0, 1), function: fc.record({ arguments: piece }) })) }) }),
    ),
  }),
  fc.record(
    { type: fc.constantFrom('response.output_text.delta', 'x'), item_id: fc.constantFrom('msg_1', 'msg_2'), output_index: fc.constantFrom(0, 1), delta: piece },
    { requiredKeys: ['delta'] },
  ),
  fc.record({
    type: fc.constant('content_block_delta'),
    index: fc.constantFrom(0, 1, 1.5),
    delta: fc.record({ text: piece, partial_json: piece }, { requiredKeys: [] }),
  }),
  fc.record({ __data__: fc.record({ content: piece }) }),
  data,
)

/** Plain chunks, typed ones (`__type__`/`__data__`), and typed SSE events whose data is a JSON string. */
const chunk = fc.oneof(
  shaped,
  shaped.map((inner) => ({ __type__: 'Chunk', __data__: inner })),
  shaped.map((inner) => ({ __type__: 'ServerSentEvent', __data__: { event: 'e', data: JSON.stringify(inner) } })),
)

test('joinedStreamTexts returns what it returned when it built every path as a string (fast-check)', () => {
  fc.assert(
    fc.property(fc.array(chunk, { maxLength: 8 }), (chunks) => {
      expect(joinedStreamTexts(chunks, '$.body')).toEqual(joinedStreamTextsBefore(chunks, '$.body'))
    }),
    { seed: 20_261_201, numRuns: 2_000 },
  )
})

test('a plain chunk\'s "__data__" key and a typed chunk\'s data are one place, as before', () => {
  const chunks = [{ __data__: { content: 'sk-' } }, { __type__: 'Chunk', __data__: { content: 'abc' } }]
  expect(joinedStreamTexts(chunks, '$.b')).toEqual([{ path: '$.b[*].__data__.content (joined across chunks 0–1)', text: 'sk-abc' }])
  expect(joinedStreamTextsBefore(chunks, '$.b')).toEqual(joinedStreamTexts(chunks, '$.b'))
})
