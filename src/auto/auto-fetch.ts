import { isSendingLive } from '../exchange/live-scope.js'
import { cassetteFetchFunction, markWrapped, unwrappedFetch } from '../fetch/wrap-fetch.js'
import { currentSession } from '../session/current.js'
import { fetchHostsFromEnv } from '../settings/resolve.js'
import { transportConfig } from '../stainless/wrap-options.js'
import { DEFAULT_FETCH_HOSTS, isListedHost } from './fetch-hosts.js'

/** The URL a fetch call goes to, without reading the rest of its arguments. */
function targetOf(input: RequestInfo | URL): URL | undefined {
  try {
    return new URL(input instanceof URL ? input.href : typeof input === 'string' ? input : input.url)
  } catch {
    return undefined
  }
}

/** The project's `fetchHosts` (through the test's settings), else `LLM_CASSETTES_FETCH_HOSTS`, else the defaults. */
function coveredHosts(): readonly string[] {
  return currentSession()?.options.fetchHosts ?? fetchHostsFromEnv() ?? DEFAULT_FETCH_HOSTS
}

let undo: (() => void) | undefined

/**
 * Replaces `globalThis.fetch` with one that sends calls to the covered hosts through the current test's cassette
 * (as `wrapFetch()` does) and every other call, untouched, to the fetch it replaced. Calls an adapter is already
 * sending live (a wrapped OpenAI client whose fetch is this global) go straight through. Returns false when it
 * was already done.
 */
export function enableAutoFetch(): boolean {
  const original = globalThis.fetch
  if (undo || unwrappedFetch(original)) return false
  let enabled = true
  const throughCassette = cassetteFetchFunction(original, transportConfig({}, 'wrapFetch'), 'fetch (covered by llm-cassettes/auto-fetch)')
  const patched = markWrapped(
    function fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
      if (!enabled || isSendingLive()) return original(input, init)
      const url = targetOf(input)
      if (!url || !/^https?:$/.test(url.protocol) || !isListedHost(url, coveredHosts())) return original(input, init)
      return throughCassette(input, init)
    },
    original,
    false,
  )
  globalThis.fetch = patched
  undo = () => {
    enabled = false
    // Restored only if nobody replaced it since; otherwise the wrapper stays in their chain and lets everything through.
    if (globalThis.fetch === patched) globalThis.fetch = original
    undo = undefined
  }
  return true
}

/** Undoes `llm-cassettes/auto-fetch`: `globalThis.fetch` is the fetch it replaced again. */
export function disableAutoFetch(): void {
  undo?.()
}
