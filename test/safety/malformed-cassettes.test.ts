import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { encodeBody, encodeChunk } from '../../src/providers/openai/python-types.js'
import { serializeCassette } from '../../src/cassette/serialize.js'
import { createFileStore } from '../../src/cassette/store.js'
import type { Cassette } from '../../src/cassette/types.js'
import { CassetteError } from '../../src/errors.js'

const VALID: Cassette[] = [
  {
    version: 1,
    test: 'a.test.ts > json',
    interactions: [
      {
        request: {
          method: 'POST',
          url: 'https://api.openai.com/v1/chat/completions',
          headers: {},
          body: { model: 'm', messages: [{ role: 'user', content: 'hi' }] },
          endpoint: '/v1/chat/completions',
          model: 'm',
        },
        response: { body: encodeBody('/v1/chat/completions', { id: 'chatcmpl-1', choices: [] }), is_streaming: false, headers: { 'x-request-id': 'req_1' } },
      },
    ],
  },
  {
    version: 1,
    test: 'a.test.ts > stream and error',
    interactions: [
      {
        request: {
          method: 'POST',
          url: 'https://api.openai.com/v1/chat/completions',
          headers: {},
          body: { model: 'm', stream: true },
          endpoint: '/v1/chat/completions',
          model: 'm',
        },
        response: { body: [encodeChunk('/v1/chat/completions', { id: 'c', choices: [] })], is_streaming: true },
      },
      {
        request: {
          method: 'POST',
          url: 'https://api.openai.com/v1/chat/completions',
          headers: {},
          body: { model: 'error-400' },
          endpoint: '/v1/chat/completions',
          model: 'error-400',
        },
        response: {
          body: null,
          is_streaming: false,
          is_exception: true,
          status: 400,
          exception_data: { type: 'BadRequestError', message: 'bad', status_code: 400, body: { message: 'bad' } },
        },
      },
    ],
  },
]

/** Each schema field and a wrong-typed value for it. */
const TYPED_FIELDS: [path: (string | number)[], wrong: unknown[]][] = [
  [['version'], [2, '1', null, 1.5]],
  [['test'], [1, null, [], {}]],
  [['interactions'], [{}, 'x', null, 3]],
  [
    ['interactions', 0],
    ['x', null, [], 7],
  ],
  [
    ['interactions', 0, 'request'],
    [[], 'x', null],
  ],
  [
    ['interactions', 0, 'response'],
    [[], 'x', null],
  ],
  [
    ['interactions', 0, 'request', 'method'],
    [1, null, {}],
  ],
  [
    ['interactions', 0, 'request', 'endpoint'],
    [1, null, []],
  ],
  [
    ['interactions', 0, 'request', 'url'],
    [1, null, {}],
  ],
  [
    ['interactions', 0, 'request', 'model'],
    [1, {}, []],
  ],
  [
    ['interactions', 0, 'request', 'headers'],
    ['x', 1, []],
  ],
  [
    ['interactions', 0, 'response', 'is_streaming'],
    ['true', 1, null],
  ],
  [
    ['interactions', 0, 'response', 'headers'],
    ['x', [], 3],
  ],
  [
    ['interactions', 0, 'response', 'status'],
    ['200', 99, 600, 200.5, 1e308],
  ],
  [
    ['interactions', 0, 'response', 'is_exception'],
    ['yes', 1],
  ],
]
const REQUIRED: (string | number)[][] = [
  ['version'],
  ['test'],
  ['interactions'],
  ['interactions', 0, 'request'],
  ['interactions', 0, 'response'],
  ['interactions', 0, 'request', 'method'],
  ['interactions', 0, 'request', 'endpoint'],
  ['interactions', 0, 'request', 'body'],
  ['interactions', 0, 'response', 'body'],
  ['interactions', 0, 'response', 'is_streaming'],
]

function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const jsonPath = (path: readonly (string | number)[]) => `$${path.map((key) => (typeof key === 'number' ? `[${key}]` : `.${key}`)).join('')}`

function setAt(root: unknown, path: readonly (string | number)[], value: unknown, remove = false): void {
  let node = root as Record<string | number, unknown>
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>
  if (remove) delete node[path.at(-1)!]
  else node[path.at(-1)!] = value
}

interface Mutation {
  kind: string
  bytes: Buffer
  /** The JSON path the error must name, when the mutation has one. */
  path?: string
}

function mutate(next: () => number, index: number): Mutation {
  const base = VALID[index % VALID.length]!
  const text = serializeCassette(base)
  const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)]!
  switch (index % 6) {
    case 0: {
      const cut = 1 + Math.floor(next() * (text.trimEnd().length - 2))
      return { kind: 'truncated', bytes: Buffer.from(text.slice(0, cut)) }
    }
    case 1: {
      const [path, wrongs] = pick(TYPED_FIELDS)
      const copy = structuredClone(base)
      setAt(copy, path, pick(wrongs))
      return { kind: 'wrong type', bytes: Buffer.from(JSON.stringify(copy)), path: jsonPath(path) }
    }
    case 2: {
      const path = pick(REQUIRED)
      const copy = structuredClone(base)
      setAt(copy, path, undefined, true)
      return { kind: 'missing field', bytes: Buffer.from(JSON.stringify(copy)), path: jsonPath(path) }
    }
    case 3: {
      const digits = 309 + Math.floor(next() * 5_000)
      const huge = `${next() < 0.5 ? '-' : ''}9${'9'.repeat(digits)}`
      return {
        kind: 'huge number',
        bytes: Buffer.from(text.replace('"model": "m"', `"model": "m", "temperature": ${huge}`)),
        path: '$.interactions[0].request.body.temperature',
      }
    }
    case 4: {
      const depth = 201 + Math.floor(next() * 20_000)
      const deep = `${'['.repeat(depth)}${']'.repeat(depth)}`
      return {
        kind: 'deep nesting',
        bytes: Buffer.from(text.replace('"model": "m"', `"model": "m", "tools": ${deep}`)),
        path: '$.interactions[0].request.body.tools',
      }
    }
    default: {
      const bytes = Buffer.from(text)
      const at = Math.floor(next() * bytes.length)
      const bad = pick([[0xff], [0xc3], [0xe2, 0x82], [0xed, 0xa0, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80], [0x80]])
      return { kind: 'invalid UTF-8', bytes: Buffer.concat([bytes.subarray(0, at), Buffer.from(bad), bytes.subarray(at)]) }
    }
  }
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'llm-cassettes-malformed-'))
})
afterAll(() => rm(dir, { recursive: true, force: true }))

test('1,000 mutations of valid cassettes: each a CassetteError naming the file and the JSON path, none overwritten, each under 1 s', async () => {
  const store = createFileStore()
  const next = random(1000)
  const file = join(dir, 'mutated.json')
  const byKind = new Map<string, number>()
  let slowest = 0
  for (let index = 0; index < 1000; index++) {
    const mutation = mutate(next, index)
    await writeFile(file, mutation.bytes)
    const started = performance.now()
    const errors = await Promise.all([
      store.read(file).then(
        () => undefined,
        (error: unknown) => error,
      ),
      store
        .update(file, (current) => current)
        .then(
          () => undefined,
          (error: unknown) => error,
        ),
    ])
    const elapsed = performance.now() - started
    slowest = Math.max(slowest, elapsed)
    for (const error of errors) {
      const label = `#${index} ${mutation.kind}`
      expect(error, label).toBeInstanceOf(CassetteError)
      expect((error as CassetteError).cassettePath, label).toBe(file)
      expect((error as Error).message, label).toContain(file)
      if (mutation.path) expect((error as Error).message, label).toMatch(new RegExp(`: ${escapeRegExp(mutation.path)}[ \\[…]`))
    }
    expect(elapsed, `#${index} ${mutation.kind}`).toBeLessThan(1000)
    expect((await readFile(file)).equals(mutation.bytes), `#${index} overwritten`).toBe(true)
    byKind.set(mutation.kind, (byKind.get(mutation.kind) ?? 0) + 1)
  }
  console.log(
    `malformed cassettes: 1000 mutations (${[...byKind].map(([kind, n]) => `${n} ${kind}`).join(', ')}), 1000 CassetteErrors, 0 overwritten, slowest ${slowest.toFixed(0)} ms`,
  )
})
