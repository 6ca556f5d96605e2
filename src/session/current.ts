import { AsyncLocalStorage } from 'node:async_hooks'
import type { CassetteError } from '../errors.js'
import type { CassetteSession } from './cassette-session.js'

// One store per process, shared by every copy of this module (ESM and CommonJS builds load separately).
const STORE_KEY = Symbol.for('llm-cassettes.current-session')

/**
 * For runners whose hooks and test function are called separately (Jest), so that `AsyncLocalStorage.run`
 * cannot wrap them: the session of the one test running now, and a check that refuses calls made from a
 * test the runner runs outside that sequence (Jest's `test.concurrent`).
 */
interface SequentialRunner {
  session: CassetteSession | undefined
  refuse: () => CassetteError | undefined
}

type Registry = {
  storage: AsyncLocalStorage<CassetteSession>
  sequential?: SequentialRunner
  /** The runner integration loaded in this process (`vitest`, `jest`, …), once its setup has run. */
  integration?: string
}

function registry(): Registry {
  const holder = globalThis as { [STORE_KEY]?: Registry }
  holder[STORE_KEY] ??= { storage: new AsyncLocalStorage<CassetteSession>() }
  return holder[STORE_KEY]
}

/** Runs one test attempt with its session; every wrapped client call inside it, however deep, finds it. */
export function runWithSession<T>(session: CassetteSession, run: () => T): T {
  return registry().storage.run(session, run)
}

/** Declares a sequential runner; `refuse` is asked on every call that finds no `runWithSession` scope. */
export function useSequentialRunner(refuse: () => CassetteError | undefined): void {
  registry().sequential = { session: undefined, refuse }
}

/** The session of the test a sequential runner is running now (set before the test, cleared after). */
export function setSequentialSession(session: CassetteSession | undefined): void {
  const { sequential } = registry()
  if (!sequential) throw new Error('llm-cassettes: setSequentialSession() before useSequentialRunner()')
  sequential.session = session
}

/** The current test's session, if any. Throws the sequential runner's refusal when it has one. */
export function currentSession(): CassetteSession | undefined {
  const { storage, sequential } = registry()
  const scoped = storage.getStore()
  if (scoped || !sequential) return scoped
  const refusal = sequential.refuse()
  if (refusal) throw refusal
  return sequential.session
}

/** Called by a runner integration's setup: calls outside a session are then known to be outside a test. */
export function declareIntegration(name: string): void {
  registry().integration = name
}

/** The runner integration whose setup ran in this process, if any. */
export function integrationInUse(): string | undefined {
  return registry().integration
}
