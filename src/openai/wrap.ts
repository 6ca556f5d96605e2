import { statSync } from 'node:fs'
import { resolve } from 'node:path'
import { CassetteError } from '../errors.js'
import { lazyRecordingsPlayer } from '../llama-stack/recordings-player.js'
import { parseMode, type Mode } from '../mode.js'
import { createRedactor, type RedactOption } from '../safety/redaction.js'
import { serveRecordedStreams } from './recorded-stream.js'
import { patchRequestMethods } from './request-context.js'
import { cassetteTransport, type FetchWithTimeout, type TransportConfig } from './transport.js'

export interface WrapOptions {
  /**
   * Hides values from the cassette: response header names, query parameter names, JSON paths in bodies, or a
   * function. Applied the same way to the stored request and to the request that is matched, so replay keeps
   * working; what the code under test receives is never changed. Adds to `cassettes({ redact })`.
   */
  redact?: RedactOption
  /** Exact strings that look like keys but are not (e.g. a fixture's fake key), so the secret guard lets them through. */
  allowedSecrets?: readonly string[]
  /**
   * Directories of llama-stack recordings (either layout, searched at any depth). Replay consults them after
   * the test's own cassette; recording still writes only the test's cassette. Relative to the working directory.
   */
  llamaStackRecordings?: string | readonly string[]
  /**
   * The mode for calls made outside any test (a plain Node script). Only `replay`, which serves them from
   * `llamaStackRecordings`, and `live` are possible there. Inside a test the runner's mode applies.
   */
  mode?: Mode
}

const WRAPPED = Symbol.for('llm-cassettes.wrapped')

interface Patchable {
  fetchWithTimeout: FetchWithTimeout
  [WRAPPED]?: { restore(): void }
}

function isPatchable(value: unknown): value is Patchable {
  return typeof value === 'object' && value !== null && typeof (value as Patchable).fetchWithTimeout === 'function'
}

function recordingDirs(option: WrapOptions['llamaStackRecordings']): string[] {
  const dirs = option === undefined ? [] : typeof option === 'string' ? [option] : [...option]
  return dirs.map((dir) => {
    const absolute = resolve(dir)
    if (!statSync(absolute, { throwIfNoEntry: false })?.isDirectory()) {
      throw new CassetteError(`llama-stack recordings directory ${dir} (${absolute}) does not exist or is not a directory`, {
        code: 'ERR_CASSETTE_RECORDINGS_DIR',
        cassettePath: absolute,
      })
    }
    return absolute
  })
}

/** Checks the options once, when wrapping, so a bad one fails there rather than at the first call. */
function transportConfig(options: WrapOptions): TransportConfig {
  if (options.redact !== undefined) createRedactor([options.redact])
  const dirs = recordingDirs(options.llamaStackRecordings)
  const config: TransportConfig = { redact: options.redact, allowedSecrets: options.allowedSecrets ?? [] }
  if (options.mode !== undefined) config.outsideMode = parseMode(options.mode, 'The `mode` option of wrapOpenAI')
  if (dirs.length > 0) config.recordings = { load: lazyRecordingsPlayer(dirs), where: dirs.join(', ') }
  return config
}

/** Replaces the transport of a client, or of a client class's prototype. Returns false if already done. */
export function patchTransport(target: Patchable, options: WrapOptions = {}): boolean {
  if (WRAPPED in target) return false
  const config = transportConfig(options)
  const ownBefore = Object.getOwnPropertyDescriptor(target, 'fetchWithTimeout')
  target.fetchWithTimeout = cassetteTransport(target.fetchWithTimeout, config)
  const restoreRequestMethods = patchRequestMethods(target)
  const restoreStreams = serveRecordedStreams(target)
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
  patchTransport(client, options)
  return client
}

/** Undoes {@link wrapOpenAI}: the client talks to the network directly again. */
export function unwrapOpenAI<Client extends object>(client: Client): Client {
  unpatchTransport(client)
  return client
}
