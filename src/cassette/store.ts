import { randomBytes } from 'node:crypto'
import { mkdir, open, readFile, rename, unlink } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import lockfile from 'proper-lockfile'
import { CassetteError } from '../errors.js'
import { parseCassette, serializeCassette } from './serialize.js'
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

async function readText(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw new CassetteError(`cannot read ${path}: ${(error as Error).message}`, { cassettePath: path, cause: error })
  }
}

/** Write to a temporary file beside the target, flush it, then rename: readers see the old or the new file. */
async function writeAtomically(path: string, text: string): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`)
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

const LOCK_OPTIONS = {
  realpath: false,
  stale: 10_000,
  retries: { retries: 100, factor: 1.2, minTimeout: 10, maxTimeout: 250, randomize: true },
}

export function createFileStore(): CassetteStore {
  return {
    async read(path) {
      const text = await readText(path)
      return text === undefined ? undefined : parseCassette(text, path)
    },

    async update(path, change, check) {
      await mkdir(dirname(path), { recursive: true })
      let compromised: Error | undefined
      const release = await lockfile.lock(path, {
        ...LOCK_OPTIONS,
        onCompromised: (error) => {
          compromised = error
        },
      })
      try {
        const before = await readText(path)
        const next = change(before === undefined ? undefined : parseCassette(before, path))
        if (next === undefined) return 'unchanged'
        const text = serializeCassette(next)
        if (text === before) return 'unchanged'
        check?.(text, next)
        if (compromised) {
          throw new CassetteError(`lost the lock on ${path} (${compromised.message}); nothing was written`, {
            code: 'ERR_CASSETTE_LOCK',
            cassettePath: path,
          })
        }
        await writeAtomically(path, text)
        return 'written'
      } finally {
        await release().catch(() => undefined)
      }
    },
  }
}
