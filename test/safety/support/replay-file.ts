import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { createFileStore } from '../../../src/cassette/store.js'
import { CassetteError } from '../../../src/errors.js'
import { CassetteSession } from '../../../src/session/cassette-session.js'
import { runWithSession } from '../../../src/session/current.js'
import { consume, type FuzzCase } from './fuzz-cases.js'

/** A replay takes milliseconds; one that takes this long is hanging. */
export const TIME_BOUND_MS = 5_000

export type Outcome =
  | { kind: 'replayed' }
  | { kind: 'cassette error'; error: CassetteError }
  | { kind: 'api error'; status: number }
  | { kind: 'other'; error: unknown }

let counter = 0

/** Writes `cassette` (any JSON) into `dir` and replays the case's call from it, in replay mode, within the time bound. */
export async function replayFile(dir: string, fuzz: FuzzCase, cassette: unknown): Promise<{ outcome: Outcome; path: string; session: CassetteSession }> {
  const path = join(dir, `case ${++counter}.json`)
  await writeFile(path, JSON.stringify(cassette))
  const session = new CassetteSession({
    cassettePath: path,
    displayPath: path,
    test: 'fuzz',
    resolveMode: () => ({ mode: 'replay', reason: 'fuzz' }),
    recordCommand: '(fuzz)',
    store: createFileStore(),
  })
  const run = runWithSession(session, async (): Promise<Outcome> => {
    try {
      await consume(await fuzz.call())
      return { kind: 'replayed' }
    } catch (error) {
      if (error instanceof CassetteError) return { kind: 'cassette error', error }
      const status = (error as { status?: unknown }).status
      // The SDKs' APIError for a recorded HTTP error; their connection errors have no status.
      if (typeof status === 'number' && (error as Error).constructor.name !== 'APIConnectionError') return { kind: 'api error', status }
      return { kind: 'other', error }
    }
  })
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<Outcome>((resolve) => {
    timer = setTimeout(() => resolve({ kind: 'other', error: new Error(`no outcome within ${TIME_BOUND_MS} ms`) }), TIME_BOUND_MS)
  })
  const outcome = await Promise.race([run, timeout]).finally(() => clearTimeout(timer))
  return { outcome, path, session }
}
