import { serializeCassette } from '../../src/cassette/serialize.js'
import type { CassetteStore } from '../../src/cassette/store.js'
import type { Cassette } from '../../src/cassette/types.js'
import type { Mode } from '../../src/mode.js'
import { CassetteSession } from '../../src/session/cassette-session.js'
import { runWithSession } from '../../src/session/current.js'

/** Cassettes kept in memory, as the file store would write them (serialised and read back). */
export function memoryStore(): CassetteStore & { files: Map<string, string> } {
  const files = new Map<string, string>()
  return {
    files,
    read: async (path) => {
      const text = files.get(path)
      return text === undefined ? undefined : (JSON.parse(text) as Cassette)
    },
    update: async (path, change, check) => {
      const current = files.get(path)
      const next = change(current === undefined ? undefined : (JSON.parse(current) as Cassette))
      if (next === undefined) return 'unchanged'
      const text = serializeCassette(next)
      check?.(text, next)
      files.set(path, text)
      return 'written'
    },
  }
}

/** Runs `body` as one test attempt in `mode` against `store`'s cassette `c.json`, then writes what it recorded. */
export async function inTest<T>(store: CassetteStore, mode: Mode, body: () => Promise<T>, options: { fetchHosts?: string[] } = {}): Promise<T> {
  const session = new CassetteSession({
    cassettePath: 'c.json',
    displayPath: 'cassettes/c.json',
    test: 'fetch.test.ts > t',
    resolveMode: () => ({ mode, reason: 'set by the test' }),
    recordCommand: 'npx vitest run fetch.test.ts -u',
    store,
    fetchHosts: options.fetchHosts,
  })
  try {
    return await runWithSession(session, body)
  } finally {
    await session.finish()
  }
}
