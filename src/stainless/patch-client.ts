import { serveRecordedStreams } from './recorded-stream.js'
import { patchRequestMethods } from './retry-control.js'
import type { StainlessSdk } from './sdk.js'
import { cassetteTransport, type FetchWithTimeout } from './transport.js'
import { transportConfig, type WrapOptions } from './wrap-options.js'

const WRAPPED = Symbol.for('llm-cassettes.wrapped')

export interface Patchable {
  fetchWithTimeout: FetchWithTimeout
  [WRAPPED]?: { restore(): void }
}

/** A client (or client prototype) of a Stainless SDK: its transport method is what gets patched. */
export function isPatchable(value: unknown): value is Patchable {
  return typeof value === 'object' && value !== null && typeof (value as Patchable).fetchWithTimeout === 'function'
}

/**
 * Replaces the transport of a client, or of a client class's prototype, and the request methods around it.
 * Returns false when it was already done (by `wrap…()` or `llm-cassettes/auto`).
 */
export function patchTransport(target: Patchable, sdk: StainlessSdk, options: WrapOptions = {}): boolean {
  if (WRAPPED in target) return false
  const config = transportConfig(options, sdk.wrapFunction)
  const ownBefore = Object.getOwnPropertyDescriptor(target, 'fetchWithTimeout')
  target.fetchWithTimeout = cassetteTransport(target.fetchWithTimeout, config, sdk)
  const restoreRequestMethods = patchRequestMethods(target)
  const restoreStreams = serveRecordedStreams(target, sdk)
  const restore = () => {
    if (ownBefore) Object.defineProperty(target, 'fetchWithTimeout', ownBefore)
    else delete (target as Partial<Patchable>).fetchWithTimeout
    restoreRequestMethods()
    restoreStreams()
    delete target[WRAPPED]
  }
  Object.defineProperty(target, WRAPPED, { value: { restore }, configurable: true, enumerable: false })
  return true
}

/** Undoes {@link patchTransport} on exactly this object (not on its prototype). */
export function unpatchTransport(target: object): void {
  if (Object.hasOwn(target, WRAPPED)) (target as Patchable)[WRAPPED]?.restore()
}
