import { mkdir, open, rename, unlink } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import type { LockOptions } from 'proper-lockfile'
import { CassetteError } from '../errors.js'
import { randomHex } from '../util/hash.js'
import { loadOnUse } from '../util/load-on-use.js'
import { withCassetteBytes } from './read-file.js'
import { cassetteText, parseCassette, serializeCassette } from './serialize.js'
import type { Cassette } from './types.js'

/** Where cassettes live. The session logic only talks to this, so it can be tested in memory. */
export interface CassetteStore {
  /** The cassette at `path`, or undefined when there is none. Throws CassetteError when it does not parse. */
  read(path: string): Promise<Cassette | undefined>
  /**
   * Read-modify-write under a lock. `change` gets what is on disk now; returning undefined writes nothing.
   * `check` sees the exact text about to be written and may throw to refuse it.
   */
  update(
    path: string,
    change: (current: Cassette | undefined) => Cassette | undefined,
    check?: (text: string, cassette: Cassette) => void,
  ): Promise<'written' | 'unchanged'>
}

/** proper-lockfile's `lock`, or a stand-in with the same shape (tests use one to compromise a lock on cue). */
export type LockFunction = (path: string, options: LockOptions & { onCompromised: (error: Error) => void }) => Promise<() => Promise<void>>

export interface FileStoreOptions {
  lock?: LockFunction
  /** A lock whose holder has not refreshed it for this long (a killed writer) is taken over. */
  staleMs?: number
}

/** A compromised lock (another process took it over) is retried this many times before giving up. */
const LOCK_ATTEMPTS = 3

/**
 * The cassette's text, or undefined when there is none. Synchronous on purpose: a cassette is a few KB to a few MB
 * read once per test, and the thread-pool round trip of an async read cost more than the read itself (bench
 * measure 4, 200 replaying tests: 1.14–1.20× the in-memory suite with async reads, 1.10–1.12× with this one).
 * The bytes are released once decoded, so they are not alive while the text is parsed.
 */
function readText(path: string): string | undefined {
  return withCassetteBytes(path, (bytes) => cassetteText(bytes, path))
}

/** The cassette at `path`, checked, or undefined when there is none: the one reader of cassette files. */
export function readCassetteFile(path: string): Cassette | undefined {
  const text = readText(path)
  return text === undefined ? undefined : parseCassette(text, path)
}

/** Write to a temporary file beside the target, flush it, then rename: readers see the old or the new file. */
async function writeAtomically(path: string, text: string): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomHex(4)}.tmp`)
  const handle = await open(temp, 'w')
  try {
    await handle.writeFile(text, 'utf8')
    await handle.sync()
  } finally {
    await handle.close()
  }
  try {
    await rename(temp, path)
  } catch (error) {
    await unlink(temp).catch(() => undefined)
    throw error
  }
}

class LockCompromised extends Error {}

/** proper-lockfile, loaded on the first write: a replaying test file never writes, so never pays its import. */
const properLock: LockFunction = (path, options) => (loadOnUse('proper-lockfile') as typeof import('proper-lockfile')).lock(path, options)

export function createFileStore(options: FileStoreOptions = {}): CassetteStore {
  const lock: LockFunction = options.lock ?? properLock
  const lockOptions = {
    realpath: false,
    stale: options.staleMs ?? 10_000,
    retries: { retries: 200, factor: 1.2, minTimeout: 10, maxTimeout: 250, randomize: true },
  }

  async function updateOnce(
    path: string,
    change: (current: Cassette | undefined) => Cassette | undefined,
    check: ((text: string, cassette: Cassette) => void) | undefined,
  ): Promise<'written' | 'unchanged'> {
    let compromised: Error | undefined
    // Our own handler: proper-lockfile's default throws an uncaught ECOMPROMISED and takes the process down.
    const release = await lock(path, { ...lockOptions, onCompromised: (error) => (compromised = error) })
    try {
      const before = readText(path)
      const next = change(before === undefined ? undefined : parseCassette(before, path))
      if (next === undefined) return 'unchanged'
      const text = serializeCassette(next)
      if (before !== undefined && text === before) return 'unchanged'
      check?.(text, next)
      if (compromised) throw new LockCompromised(compromised.message)
      await writeAtomically(path, text)
      return 'written'
    } finally {
      await release().catch(() => undefined)
    }
  }

  return {
    async read(path) {
      return readCassetteFile(path)
    },

    async update(path, change, check) {
      await mkdir(dirname(path), { recursive: true })
      for (let attempt = 1; ; attempt++) {
        try {
          return await updateOnce(path, change, check)
        } catch (error) {
          if (!(error instanceof LockCompromised)) throw error
          // Someone else may have written meanwhile: start over from what is on disk now, under a fresh lock.
          if (attempt === LOCK_ATTEMPTS) {
            throw new CassetteError(`lost the lock on ${path} ${LOCK_ATTEMPTS} times (${error.message}); nothing was written`, {
              code: 'ERR_CASSETTE_LOCK',
              cassettePath: path,
            })
          }
        }
      }
    },
  }
}
