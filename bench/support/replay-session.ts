import { createFileStore, type CassetteStore } from '../../src/cassette/store.js'
import type { Mode } from '../../src/mode.js'
import { CassetteSession } from '../../src/session/cassette-session.js'
import { runWithSession } from '../../src/session/current.js'

const store: CassetteStore = createFileStore()

/** A test attempt without a test runner: what the Vitest setup file does around each test. */
export function benchSession(cassettePath: string, mode: Mode): CassetteSession {
  return new CassetteSession({
    cassettePath,
    displayPath: cassettePath,
    test: 'bench',
    resolveMode: () => ({ mode, reason: 'benchmark' }),
    recordCommand: '(benchmark)',
    store,
  })
}

/** Runs `body` as one test attempt against the cassette at `cassettePath`, then finishes the session. */
export async function inSession<T>(cassettePath: string, mode: Mode, body: () => Promise<T>): Promise<T> {
  const session = benchSession(cassettePath, mode)
  try {
    return await runWithSession(session, body)
  } finally {
    await session.finish()
  }
}
