import { CassetteError } from '../errors.js'
import { createRedactor, type RedactOption } from '../safety/redaction.js'
import { patchRequestMethods } from './request-context.js'
import { cassetteTransport, type FetchWithTimeout } from './transport.js'

export interface WrapOptions {
  /**
   * Hides values from the cassette: response header names, query parameter names, JSON paths in bodies, or a
   * function. Applied the same way to the stored request and to the request that is matched, so replay keeps
   * working; what the code under test receives is never changed. Adds to `cassettes({ redact })`.
   */
  redact?: RedactOption
  /** Exact strings that look like keys but are not (e.g. a fixture's fake key), so the secret guard lets them through. */
  allowedSecrets?: readonly string[]
}

const WRAPPED = Symbol.for('llm-cassettes.wrapped')

interface Patchable {
  fetchWithTimeout: FetchWithTimeout
  [WRAPPED]?: { restore(): void }
}

function isPatchable(value: unknown): value is Patchable {
  return typeof value === 'object' && value !== null && typeof (value as Patchable).fetchWithTimeout === 'function'
}

/** Replaces the transport of a client, or of a client class's prototype. Returns false if already done. */
export function patchTransport(target: Patchable, options: WrapOptions = {}): boolean {
  if (WRAPPED in target) return false
  const ownBefore = Object.getOwnPropertyDescriptor(target, 'fetchWithTimeout')
  target.fetchWithTimeout = cassetteTransport(target.fetchWithTimeout, options)
  const restoreRequestMethods = patchRequestMethods(target)
  const restore = () => {
    if (ownBefore) Object.defineProperty(target, 'fetchWithTimeout', ownBefore)
    else delete (target as Partial<Patchable>).fetchWithTimeout
    restoreRequestMethods()
    delete target[WRAPPED]
  }
  Object.defineProperty(target, WRAPPED, { value: { restore }, configurable: true, enumerable: false })
  return true
}

/** Undoes {@link patchTransport} on exactly this object (not on its prototype). */
export function unpatchTransport(target: object): void {
  if (Object.prototype.hasOwnProperty.call(target, WRAPPED)) (target as Patchable)[WRAPPED]?.restore()
}

/**
 * Records and replays this client's calls through the current test's cassette. Returns the same instance,
 * with the same type; only its transport is replaced, so everything the SDK builds on top (streams, pages,
 * helpers, errors, retries, `withResponse()`) behaves as it does live. Wrapping twice is a no-op, and so is
 * wrapping a client that `llm-cassettes/auto` already covers.
 */
export function wrapOpenAI<Client extends object>(client: Client, options: WrapOptions = {}): Client {
  if (!isPatchable(client) || typeof (client as { baseURL?: unknown }).baseURL !== 'string') {
    throw new CassetteError('wrapOpenAI() expects a client from the `openai` package (v4 or later), e.g. `wrapOpenAI(new OpenAI())`.', {
      code: 'ERR_CASSETTE_CLIENT',
    })
  }
  if (options.redact !== undefined) createRedactor([options.redact]) // a bad rule fails here, not at the first call
  patchTransport(client, options)
  return client
}

/** Undoes {@link wrapOpenAI}: the client talks to the network directly again. */
export function unwrapOpenAI<Client extends object>(client: Client): Client {
  unpatchTransport(client)
  return client
}
