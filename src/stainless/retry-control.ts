import { AsyncLocalStorage } from 'node:async_hooks'

/**
 * What the cassette transport tells the SDK's retry logic about the request being sent. The SDK turns any
 * error thrown by its transport into a retried `APIConnectionError` ("Connection error."), which would hide a
 * CassetteMissError behind retries with back-off; and it sleeps before retrying a 429 or 5xx, which a replay
 * has no reason to do.
 */
interface RequestContext {
  /** A cassette error: the SDK must neither retry nor wrap it. */
  error?: Error
  /** The response came from a cassette: a retry it asks for happens at once. */
  replayed?: boolean
}

const current = new AsyncLocalStorage<RequestContext>()

/** Marks `error` as final for the SDK request being sent, and returns it for throwing. */
export function finalError<E extends Error>(error: E): E {
  const context = current.getStore()
  if (context) context.error = error
  return error
}

export function markReplayed(): void {
  const context = current.getStore()
  if (context) context.replayed = true
}

type Method = (this: unknown, ...args: unknown[]) => Promise<unknown>
interface RequestMethods {
  makeRequest?: Method
  retryRequest?: Method
}

const NO_WAIT_MS = '0.001'

/** A `Headers` (openai v5+, @anthropic-ai/sdk 0.50+), or the plain header object of openai v4 and older Anthropic SDKs. */
function isHeaders(value: unknown): value is Headers | Record<string, string | null | undefined> {
  if (typeof value !== 'object' || value === null) return false
  if (value instanceof Headers || typeof (value as Headers).forEach === 'function') return typeof (value as Headers).get === 'function'
  const prototype = Object.getPrototypeOf(value)
  return (
    (prototype === Object.prototype || prototype === null) &&
    Object.values(value).every((item) => typeof item === 'string' || item === null || item === undefined)
  )
}

/**
 * `retryRequest` takes the failed response's headers among its later arguments (after the options and the retry
 * count; @anthropic-ai/sdk 0.137+ passes a tracing span before them). A `retry-after-ms` the SDK honours
 * replaces whatever the recording said.
 */
function withoutWaiting(args: unknown[]): unknown[] {
  const index = args.findLastIndex((arg, i) => i >= 2 && isHeaders(arg))
  if (index === -1) return args
  const headers = args[index] as Headers | Record<string, string>
  const copy = typeof (headers as Headers).get === 'function' ? new Headers(headers as Headers) : { ...(headers as Record<string, string>) }
  if (copy instanceof Headers) copy.set('retry-after-ms', NO_WAIT_MS)
  else copy['retry-after-ms'] = NO_WAIT_MS
  return args.map((arg, i) => (i === index ? copy : arg))
}

/**
 * Patches `makeRequest` and `retryRequest` on a client or a client prototype (every Stainless SDK has both);
 * returns the undo. Where they are missing, cassette errors stay wrapped and replayed retries wait.
 */
export function patchRequestMethods(target: object): () => void {
  const methods = target as RequestMethods
  const { makeRequest, retryRequest } = methods
  if (typeof makeRequest !== 'function' || typeof retryRequest !== 'function') return () => undefined
  const ownBefore = {
    makeRequest: Object.getOwnPropertyDescriptor(target, 'makeRequest'),
    retryRequest: Object.getOwnPropertyDescriptor(target, 'retryRequest'),
  }
  methods.makeRequest = function (this: unknown, ...args: unknown[]) {
    const context: RequestContext = {}
    return current.run(context, async () => {
      try {
        return await makeRequest.apply(this, args)
      } catch (error) {
        throw context.error ?? error
      }
    })
  }
  methods.retryRequest = function (this: unknown, ...args: unknown[]) {
    const context = current.getStore()
    if (context?.error) return Promise.reject(context.error)
    return retryRequest.apply(this, context?.replayed ? withoutWaiting(args) : args)
  }
  return () => {
    for (const name of ['makeRequest', 'retryRequest'] as const) {
      const before = ownBefore[name]
      if (before) Object.defineProperty(target, name, before)
      else delete methods[name]
    }
  }
}
