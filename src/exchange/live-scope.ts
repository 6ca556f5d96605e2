import { AsyncLocalStorage } from 'node:async_hooks'

// One store per process, shared by the ESM and CommonJS builds of this package.
const KEY = Symbol.for('llm-cassettes.sending-live')

function storage(): AsyncLocalStorage<true> {
  const holder = globalThis as { [KEY]?: AsyncLocalStorage<true> }
  holder[KEY] ??= new AsyncLocalStorage<true>()
  return holder[KEY]
}

/**
 * Runs an adapter's live send. A request it makes reaches the network through whatever fetch the client holds,
 * which may be the `globalThis.fetch` that `llm-cassettes/auto-fetch` wraps: that wrapper lets it through, so a
 * call is recorded once, by the adapter that took it first.
 */
export function sendingLive<T>(send: () => T): T {
  return storage().run(true, send)
}

export function isSendingLive(): boolean {
  return storage().getStore() === true
}
