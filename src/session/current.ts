import { AsyncLocalStorage } from 'node:async_hooks'
import type { CassetteSession } from './cassette-session.js'

// One store per process, shared by every copy of this module (ESM and CommonJS builds load separately).
const STORE_KEY = Symbol.for('llm-cassettes.current-session')

type Registry = { storage: AsyncLocalStorage<CassetteSession> }

function registry(): Registry {
  const holder = globalThis as { [STORE_KEY]?: Registry }
  holder[STORE_KEY] ??= { storage: new AsyncLocalStorage<CassetteSession>() }
  return holder[STORE_KEY]
}

/** Runs one test attempt with its session; every wrapped client call inside it, however deep, finds it. */
export function runWithSession<T>(session: CassetteSession, run: () => T): T {
  return registry().storage.run(session, run)
}

export function currentSession(): CassetteSession | undefined {
  return registry().storage.getStore()
}
