import { execFileSync } from 'node:child_process'
import { mkdir, mkdtemp, rm, truncate, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, expect, test } from 'vitest'
import { MAX_CASSETTE_BYTES, readCassetteBytes } from '../../src/cassette/read-file.js'
import { OneBufferReader } from '../../src/cli/one-buffer-reader.js'
import { chatJson, cli, writeCassette } from './helpers.js'

let work: string
beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), 'llm-cassettes-reader-'))
})
afterEach(() => rm(work, { recursive: true, force: true }))

/** What `read` does: its bytes, or the error it throws. */
function outcome(read: () => Buffer | undefined): { bytes?: string; error?: string } {
  try {
    return { bytes: read()?.toString('base64') }
  } catch (error) {
    return { error: `${(error as { code?: string }).code}: ${(error as Error).message}` }
  }
}

test('files of every size, one after another, read as the cassette reader reads them', async () => {
  const reader = new OneBufferReader()
  for (const size of [10, 0, 200_000, 5, 70_000, 1_000_000, 3]) {
    const path = join(work, `f${size}.json`)
    await writeFile(path, Buffer.alloc(size, size % 251))
    expect(outcome(() => reader.read(path))).toEqual(outcome(() => readCassetteBytes(path)))
  }
})

test('no file, a directory, a FIFO and a file over the size limit: the cassette reader answers, with its message', async () => {
  const folder = join(work, 'folder.json')
  await mkdir(folder)
  const fifo = join(work, 'fifo.json')
  execFileSync('mkfifo', [fifo])
  const large = join(work, 'large.json')
  await writeFile(large, '')
  await truncate(large, MAX_CASSETTE_BYTES + 1)
  const reader = new OneBufferReader()
  expect(reader.read(join(work, 'missing.json'))).toBeUndefined()
  for (const path of [folder, fifo, large]) {
    const answer = outcome(() => reader.read(path))
    expect(answer.error).toContain(path)
    expect(answer).toEqual(outcome(() => readCassetteBytes(path)))
  }
})

test('verify: a file that cannot be read fails the run before any problem line, as when every file was read first', async () => {
  const leaky = structuredClone(chatJson)
  ;(leaky.request as { headers: Record<string, string> }).headers = { 'x-trace': 'abc' }
  await writeCassette(work, 'a-headers.json', 'headers', [leaky])
  const large = join(work, 'b-large.json')
  await writeFile(large, '')
  await truncate(large, MAX_CASSETTE_BYTES + 1)
  const run = await cli('verify', work)
  expect(run.code).toBe(1)
  expect(run.out).toBe('')
  expect(run.err).toContain('b-large.json is 256.0 MiB, over the 256.0 MiB a cassette may have')
})
