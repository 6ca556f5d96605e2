import { AsyncLocalStorage } from 'node:async_hooks'

/**
 * The SDK turns any error thrown by `fetch` into a retried `APIConnectionError` ("Connection error."), which
 * would hide a CassetteMissError behind retries with back-off. Within one SDK request, a cassette error is
 * noted here; the patched `retryRequest` then stops retrying and `makeRequest` rethrows the cassette error.
 */
const current = new AsyncLocalStorage<{ error?: Error }>()

/** Marks `error` as final for the SDK request being sent, and returns it for throwing. */
export function finalError<E extends Error>(error: E): E {
  const box = current.getStore()
  if (box) box.error = error
  return error
}

type Method = (this: unknown, ...args: unknown[]) => Promise<unknown>
interface RequestMethods {
  makeRequest?: Method
  retryRequest?: Method
}

/** Patches one client (v4–v7 all have both methods); returns the undo. Without them, errors stay wrapped. */
export function surfaceOwnErrors(client: object): () => void {
  const target = client as RequestMethods
  const { makeRequest, retryRequest } = target
  if (typeof makeRequest !== 'function' || typeof retryRequest !== 'function') return () => undefined
  target.makeRequest = function (this: unknown, ...args: unknown[]) {
    const box: { error?: Error } = {}
    return current.run(box, async () => {
      try {
        return await makeRequest.apply(this, args)
      } catch (error) {
        throw box.error ?? error
      }
    })
  }
  target.retryRequest = function (this: unknown, ...args: unknown[]) {
    const error = current.getStore()?.error
    return error ? Promise.reject(error) : retryRequest.apply(this, args)
  }
  return () => {
    delete target.makeRequest
    delete target.retryRequest
  }
}
