import { mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { serializeCassette } from '../../src/cassette/serialize.js'
import { createFileStore } from '../../src/cassette/store.js'
import type { Cassette, Interaction } from '../../src/cassette/types.js'
import { CassetteError } from '../../src/errors.js'

const interaction = (n: number): Interaction => ({
  request: { method: 'POST', url: 'u', headers: {}, body: { n }, endpoint: '/v1/x', model: '' },
  response: { body: { n }, is_streaming: false },
})
const cassette = (...ns: number[]): Cassette => ({ version: 1, test: 't', interactions: ns.map(interaction) })

describe('the file store', () => {
  let dir: string
  let file: string
  const store = createFileStore()

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'llm-cassettes-store-'))
    file = join(dir, 'nested', 'a.json')
  })
  afterEach(() => rm(dir, { recursive: true, force: true }))

  test('writes the stable serialisation and leaves no temporary or lock files', async () => {
    expect(await store.update(file, () => cassette(1))).toBe('written')
    expect(await readFile(file, 'utf8')).toBe(serializeCassette(cassette(1)))
    expect(await readdir(join(dir, 'nested'))).toEqual(['a.json'])
    expect(await store.read(file)).toEqual(cassette(1))
    expect(await store.read(join(dir, 'missing.json'))).toBeUndefined()
  })

  test('an identical cassette is not rewritten', async () => {
    await store.update(file, () => cassette(1))
    const before = await stat(file)
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(await store.update(file, () => cassette(1))).toBe('unchanged')
    expect((await stat(file)).mtimeMs).toBe(before.mtimeMs)
  })

  test('a refused write changes nothing', async () => {
    await store.update(file, () => cassette(1))
    const refusal = store.update(
      file,
      () => cassette(2),
      () => {
        throw new Error('refused')
      },
    )
    await expect(refusal).rejects.toThrow('refused')
    expect(await readFile(file, 'utf8')).toBe(serializeCassette(cassette(1)))
  })

  test('a cassette that does not parse is never overwritten', async () => {
    await store.update(file, () => cassette(1))
    await writeFile(file, '{"version": 1, "interactions": [')
    await expect(store.update(file, () => cassette(2))).rejects.toThrowError(CassetteError)
    expect(await readFile(file, 'utf8')).toBe('{"version": 1, "interactions": [')
  })

  test('concurrent read-modify-writes lose nothing', async () => {
    const writers = Array.from({ length: 20 }, (_, n) =>
      store.update(file, (current) => ({ version: 1, test: 't', interactions: [...(current?.interactions ?? []), interaction(n)] })),
    )
    await Promise.all(writers)
    const saved = await store.read(file)
    expect(saved?.interactions.map((i) => (i.request.body as { n: number }).n).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, n) => n))
  })
})
