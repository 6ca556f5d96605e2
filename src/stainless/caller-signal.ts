const LINK = Symbol('llm-cassettes.caller-signal')

/**
 * What the SDK's own `fetchWithTimeout` does before it fetches, which a replay skips: an abort of the caller's
 * `signal` (`{ signal }` in the request options; `messages.stream()` and the other helpers pass theirs) aborts
 * the request's controller, so the SDK's stream ends as it would live. The listener sits on a signal that
 * follows the caller's (`AbortSignal.any` holds it weakly) and that the controller keeps alive: it lasts as long
 * as the request, and a long-lived caller signal collects no listeners.
 */
export function followCallerSignal(signal: AbortSignal | null | undefined, controller: AbortController): void {
  if (!signal || controller.signal.aborted) return
  if (signal.aborted) {
    controller.abort()
    return
  }
  let follower: AbortSignal
  try {
    follower = AbortSignal.any([signal])
  } catch {
    // Not a platform AbortSignal (a polyfill's): listen on it directly, as the SDK does.
    signal.addEventListener('abort', () => controller.abort(), { once: true })
    return
  }
  follower.addEventListener('abort', () => controller.abort(), { once: true })
  Object.defineProperty(controller, LINK, { value: follower, configurable: true })
}
