import type { CassetteSession } from './cassette-session.js'

// One registry per process, shared by every copy of this module: a runner's setup file and `llm-cassettes/serve`
// are separate bundles (and may be one ESM, one CommonJS).
const KEY = Symbol.for('llm-cassettes.running-attempts')

/** A test attempt a runner integration is running now, as `llm-cassettes serve` in the same process sees it. */
export interface RunningAttempt {
  /** Unique in the process; `serve` puts it in the base URL of this attempt (`/__llm-cassettes/c/<id>`). */
  id: string
  session: CassetteSession
  /** A test's own attempt, or a suite's `beforeAll`/`afterAll` hooks', which lasts until the test file ends. */
  kind: 'test' | 'hooks'
}

// The attempts by id, and how many ids were given: a count, not random bytes, since node:crypto would cost a
// replaying worker ~5 ms to load for ids that need only be unique in the process.
function registry(): Map<string, RunningAttempt> & { given?: number } {
  const holder = globalThis as { [KEY]?: Map<string, RunningAttempt> & { given?: number } }
  holder[KEY] ??= new Map()
  return holder[KEY]
}

/** Called when a runner starts a test attempt; the returned function is called when the attempt ends. */
export function announceAttempt(session: CassetteSession, kind: RunningAttempt['kind']): () => void {
  const attempts = registry()
  attempts.given = (attempts.given ?? 0) + 1
  const id = `t${attempts.given}`
  attempts.set(id, { id, session, kind })
  return () => void registry().delete(id)
}

/** The attempts running now, oldest first (several under `test.concurrent`). */
export function runningAttempts(): RunningAttempt[] {
  return [...registry().values()]
}

export function runningAttempt(id: string): RunningAttempt | undefined {
  return registry().get(id)
}
