import { execFileSync } from 'node:child_process'
import { mkdir, mkdtemp, rm, truncate, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { MAX_CASSETTE_BYTES, readCassetteBytes, withCassetteBytes } from '../../src/cassette/read-file.js'
import { createFileStore } from '../../src/cassette/store.js'
import { CassetteError } from '../../src/errors.js'

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'llm-cassettes-files-'))
})
afterAll(() => rm(dir, { recursive: true, force: true }))

/** The CassetteError reading `path` through the store throws, within `ms`: a read that hangs fails the test. */
async function refusal(path: string, ms = 2_000): Promise<CassetteError> {
  const outcome = await Promise.race([
    createFileStore()
      .read(path)
      .then(
        () => new Error('the read succeeded'),
        (error: unknown) => error,
      ),
    new Promise((resolve) => setTimeout(() => resolve(new Error(`the read took over ${ms} ms`)), ms)),
  ])
  if (!(outcome instanceof CassetteError)) throw outcome
  return outcome
}

describe('a cassette path that is not a regular file is refused at once, naming it', () => {
  test('a FIFO with no writer: the read does not wait for one', async () => {
    const fifo = join(dir, 'fifo.json')
    execFileSync('mkfifo', [fifo])
    const error = await refusal(fifo)
    expect(error.message).toBe(`[llm-cassettes] cannot read ${fifo}: it is a FIFO (named pipe), not a cassette file`)
    expect(error.code).toBe('ERR_CASSETTE_READ')
    expect(error.cassettePath).toBe(fifo)
  })

  test('a character device that never ends (/dev/zero)', async () => {
    expect((await refusal('/dev/zero')).message).toContain('cannot read /dev/zero: it is a character device, not a cassette file')
  })

  test('a directory', async () => {
    const folder = join(dir, 'folder.json')
    await mkdir(folder)
    expect((await refusal(folder)).message).toContain(`cannot read ${folder}: it is a directory, not a cassette file`)
  })

  test('a missing file is no cassette, not an error', async () => {
    expect(readCassetteBytes(join(dir, 'missing.json'))).toBeUndefined()
  })
})

describe('the size limit', () => {
  test(`a file over ${MAX_CASSETTE_BYTES / 2 ** 20} MiB is refused before it is read, with its size and the limit`, async () => {
    const huge = join(dir, 'huge.json')
    await writeFile(huge, '')
    // Sparse: no disk space or time spent; 600 MB is also more than one JavaScript string can hold.
    await truncate(huge, 600_000_000)
    const started = performance.now()
    const error = await refusal(huge)
    expect(performance.now() - started).toBeLessThan(500)
    expect(error.code).toBe('ERR_CASSETTE_TOO_LARGE')
    expect(error.message).toContain(`${huge} is 572.2 MiB, over the 256.0 MiB a cassette may have.`)
  })

  test('a file at the limit is read', async () => {
    const atLimit = join(dir, 'at-limit.json')
    await writeFile(atLimit, '')
    await truncate(atLimit, MAX_CASSETTE_BYTES)
    expect(withCassetteBytes(atLimit, (bytes) => bytes.length)).toBe(MAX_CASSETTE_BYTES)
  })
})

describe('files read one after another', () => {
  // Small files share one buffer, larger ones get their own (and above 16 MiB a resizable one): each read must
  // give exactly its own file's bytes, however large the file read before it was.
  test.each([
    ['a small file after a larger one', [200_000, 300, 70_000, 5]],
    ['sizes across the shared buffer’s limit', [1_048_576, 1_048_577, 10, 2_000_000, 64]],
  ])('%s', async (_, sizes) => {
    const files = await Promise.all(
      sizes.map(async (size, i) => {
        const path = join(dir, `sequence-${size}-${i}.json`)
        const bytes = Buffer.alloc(size, String.fromCharCode(97 + (i % 26)))
        await writeFile(path, bytes)
        return { path, bytes }
      }),
    )
    for (const { path, bytes } of files) expect(readCassetteBytes(path)?.equals(bytes)).toBe(true)
    for (const { path, bytes } of files) expect(withCassetteBytes(path, (read) => read.toString('latin1'))).toBe(bytes.toString('latin1'))
  })
})
