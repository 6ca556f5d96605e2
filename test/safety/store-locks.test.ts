import { mkdir, mkdtemp, readFile, rm, utimes, writeFile } from 'node:fs/promises'
import { existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import lockfile from 'proper-lockfile'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { serializeCassette } from '../../src/cassette/serialize.js'
import { createFileStore, type LockFunction } from '../../src/cassette/store.js'
import type { Cassette } from '../../src/cassette/types.js'
import { CassetteError } from '../../src/errors.js'

const cassette = (n: number): Cassette => ({
  version: 1,
  test: 't',
  interactions: [
    { request: { method: 'POST', url: 'u', headers: {}, body: { n }, endpoint: '/v1/x', model: '' }, response: { body: {}, is_streaming: false } },
  ],
})

describe('locks', () => {
  let dir: string
  let file: string
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'llm-cassettes-locks-'))
    file = join(dir, 'a.json')
  })
  afterEach(() => rm(dir, { recursive: true, force: true }))

  test("a killed writer's stale lock is taken over", async () => {
    await mkdir(`${file}.lock`)
    const past = new Date(Date.now() - 60_000)
    await utimes(`${file}.lock`, past, past)
    const started = Date.now()
    expect(await createFileStore().update(file, () => cassette(1))).toBe('written')
    expect(Date.now() - started).toBeLessThan(2000)
    expect(await readFile(file, 'utf8')).toBe(serializeCassette(cassette(1)))
    expect(existsSync(`${file}.lock`)).toBe(false)
  })

  test('a live lock is waited for, not broken', async () => {
    const release = await lockfile.lock(file, { realpath: false })
    const write = createFileStore().update(file, () => cassette(2))
    await new Promise((resolve) => setTimeout(resolve, 150))
    expect(existsSync(file)).toBe(false)
    await release()
    expect(await write).toBe('written')
  })

  /** proper-lockfile's lock, except that the lock is reported compromised as soon as it is taken. */
  const compromisedLock =
    (times: number, seen: { handlers: number }): LockFunction =>
    async (path, options) => {
      expect(typeof options.onCompromised).toBe('function')
      seen.handlers += 1
      const release = await lockfile.lock(path, { ...options, onCompromised: () => undefined })
      if (seen.handlers <= times) options.onCompromised(Object.assign(new Error('Unable to update lock within the stale threshold'), { code: 'ECOMPROMISED' }))
      return release
    }

  test('a compromised lock is retried from a fresh read, and nothing is thrown outside the write', async () => {
    const unhandled: unknown[] = []
    const onError = (error: unknown) => unhandled.push(error)
    process.on('uncaughtException', onError).on('unhandledRejection', onError)
    try {
      const seen = { handlers: 0 }
      const store = createFileStore({ lock: compromisedLock(1, seen) })
      expect(await store.update(file, () => cassette(3))).toBe('written')
      expect(seen.handlers).toBe(2)
      expect(await readFile(file, 'utf8')).toBe(serializeCassette(cassette(3)))
    } finally {
      process.off('uncaughtException', onError).off('unhandledRejection', onError)
    }
    expect(unhandled).toEqual([])
  })

  test('a lock compromised every time gives up with ERR_CASSETTE_LOCK and leaves the old cassette', async () => {
    await writeFile(file, serializeCassette(cassette(4)))
    const store = createFileStore({ lock: compromisedLock(99, { handlers: 0 }) })
    const error = await store.update(file, () => cassette(5)).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(CassetteError)
    expect((error as CassetteError).code).toBe('ERR_CASSETTE_LOCK')
    expect((error as Error).message).toContain(file)
    expect(await readFile(file, 'utf8')).toBe(serializeCassette(cassette(4)))
  })
})
