import { CassetteError } from '../errors.js'
import { credentialsInHeaders, credentialsInUrl } from '../exchange/credential-headers.js'
import { sendingLive } from '../exchange/live-scope.js'
import { readOutgoingRequest, type RequestNaming } from '../exchange/outgoing-request.js'
import type { IgnoreRules } from '../match/ignore.js'
import { MODE_ENV_VAR, type Mode } from '../mode.js'
import { PLACEHOLDER_API_KEY } from '../safety/placeholder-key.js'
import { createRedactor, type RedactOption } from '../safety/redaction.js'
import { currentSession } from '../session/current.js'
import { outsideTestError } from '../session/outside-test-error.js'
import type { RecordingSource } from '../session/recording-source.js'
import { replayOutsideTest } from '../session/replay-outside-test.js'
import { followCallerSignal } from './caller-signal.js'
import { asClientResponse } from './client-response.js'
import { finalError, markReplayed } from './retry-control.js'
import type { StainlessSdk } from './sdk.js'

/**
 * The SDK's own transport method: every request and every retry goes through it. Newer SDKs pass more
 * (@anthropic-ai/sdk 0.101+: the request options and a log context, which drive its middleware): all of it is
 * handed on unchanged.
 */
export type FetchWithTimeout = (
  this: TransportOwner,
  url: string,
  init: RequestInit | undefined,
  ms: number,
  controller: AbortController,
  ...rest: unknown[]
) => Promise<Response>

export interface TransportOwner {
  baseURL: string
}

/** One wrapped client's options, checked. */
export interface TransportConfig {
  redact: RedactOption | undefined
  allowedSecrets: readonly string[]
  /** What matching leaves out for this client (`wrapOpenAI(client, { ignore })`). */
  ignore?: IgnoreRules
  /** The mode for calls outside any test (`wrapOpenAI(client, { mode })`). */
  outsideMode?: Mode
  /** llama-stack recordings consulted after the cassette, and a description of where they are. */
  recordings?: { load: () => Promise<RecordingSource>; where: string }
}

/** The request's headers as one `Headers`; older SDKs pass a plain object in which an unset header is null. */
function headersOf(init: RequestInit | undefined): Headers {
  const headers = init?.headers
  if (headers instanceof Headers || Array.isArray(headers)) return new Headers(headers)
  return new Headers(Object.entries(headers ?? {}).filter((entry): entry is [string, string] => typeof entry[1] === 'string'))
}

function naming(sdk: StainlessSdk, url: string, init: RequestInit | undefined, baseURL: string): RequestNaming {
  const headers = headersOf(init)
  const version = headers.get('x-stainless-package-version')
  const matched = (sdk.matchedHeaders ?? []).flatMap((name) => {
    const value = headers.get(name)
    return value === null ? [] : [[name, value] as const]
  })
  return {
    endpoint: sdk.endpointOf(new URL(url), baseURL),
    ...(version ? { providerMetadata: { [sdk.sdkVersionField]: version } } : {}),
    ...(matched.length > 0 ? { headers: Object.fromEntries(matched) } : {}),
  }
}

/** Serves each request from the current test's cassette session, or sends it live through `original`. */
export function cassetteTransport(original: FetchWithTimeout, config: TransportConfig, sdk: StainlessSdk): FetchWithTimeout {
  return async function (url, init, ms, controller, ...rest) {
    if (url.startsWith('data:')) return original.call(this, url, init, ms, controller, ...rest)
    try {
      const session = currentSession()
      if (!session) {
        const mode = config.outsideMode ?? process.env[MODE_ENV_VAR]
        if (mode === 'live') return await sendingLive(() => original.call(this, url, init, ms, controller, ...rest))
        if (mode !== 'replay' || !config.recordings) throw outsideTestError(`a wrapped ${sdk.clientName} client called ${url}`, sdk.wrapFunction)
        const request = await readOutgoingRequest(url, init, naming(sdk, url, init, this.baseURL), createRedactor([config.redact]))
        const response = replayOutsideTest({
          request,
          format: sdk.formatFor?.(request.recorded) ?? sdk.format,
          url,
          signal: controller.signal,
          recordings: await config.recordings.load(),
          where: config.recordings.where,
          wrapFunction: sdk.wrapFunction,
        })
        markReplayed()
        followCallerSignal(init?.signal, controller)
        return asClientResponse(this, response)
      }
      if (session.mode === 'live') return await sendingLive(() => original.call(this, url, init, ms, controller, ...rest))
      const redactor = createRedactor([session.options.redact, config.redact])
      const request = await readOutgoingRequest(url, init, naming(sdk, url, init, this.baseURL), redactor)
      const credentials = [...new Set([...sdk.credentialsOf(this), ...credentialsInHeaders(init?.headers), ...credentialsInUrl(url)])]
      const served = await session.handle({
        request,
        redactor,
        format: sdk.formatFor?.(request.recorded) ?? sdk.format,
        url,
        credentials: credentials.filter((credential) => credential !== PLACEHOLDER_API_KEY),
        ...(credentials.includes(PLACEHOLDER_API_KEY) ? { missingKey: sdk.keyEnvVar } : {}),
        allowedSecrets: config.allowedSecrets,
        signal: controller.signal,
        sendLive: () => sendingLive(() => original.call(this, url, request.init, ms, controller, ...rest)),
        ...(config.recordings ? { recordings: config.recordings.load } : {}),
        ...(config.ignore ? { ignore: config.ignore } : {}),
      })
      if (served.replayed) {
        markReplayed()
        followCallerSignal(init?.signal, controller)
      }
      return asClientResponse(this, served.response)
    } catch (error) {
      throw error instanceof CassetteError ? finalError(error) : error
    }
  }
}
