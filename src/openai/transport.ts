import { CassetteError } from '../errors.js'
import { MODE_ENV_VAR, type Mode } from '../mode.js'
import { createRedactor, type RedactOption } from '../safety/redaction.js'
import { currentSession } from '../session/current.js'
import type { RecordingSource } from '../session/recording-source.js'
import { readOutgoingRequest } from './outgoing-request.js'
import { replayFromRecordings } from './recordings-only.js'
import { finalError, markReplayed } from './request-context.js'

/** The SDK's own transport method (openai v4–v7): every request and every retry goes through it. */
export type FetchWithTimeout = (
  this: TransportOwner,
  url: string,
  init: RequestInit | undefined,
  ms: number,
  controller: AbortController,
) => Promise<Response>

export interface TransportOwner {
  baseURL: string
  apiKey?: string | null
}

/** One wrapped client's options, checked. */
export interface TransportConfig {
  redact: RedactOption | undefined
  allowedSecrets: readonly string[]
  /** The mode for calls outside any test (`wrapOpenAI(client, { mode })`). */
  outsideMode?: Mode
  /** llama-stack recordings consulted after the cassette, and a description of where they are. */
  recordings?: { load: () => Promise<RecordingSource>; where: string }
}

function outsideTestError(url: string): CassetteError {
  return new CassetteError(
    `a wrapped OpenAI client called ${url} outside a test, so there is no cassette to use. ` +
      'Make the call inside a test, and check that the runner integration is set up: ' +
      "`plugins: [cassettes()]` from 'llm-cassettes/vitest' in vitest.config.ts, or " +
      "`setupFilesAfterEnv: ['llm-cassettes/jest']` in the Jest config. " +
      `To let calls outside tests go live, set ${MODE_ENV_VAR}=live; to serve them from llama-stack recordings, ` +
      "pass `{ llamaStackRecordings: dir, mode: 'replay' }` to wrapOpenAI.",
    { code: 'ERR_CASSETTE_NO_TEST' },
  )
}

/** Serves each request from the current test's cassette session, or sends it live through `original`. */
export function cassetteTransport(original: FetchWithTimeout, config: TransportConfig): FetchWithTimeout {
  return async function (url, init, ms, controller) {
    if (url.startsWith('data:')) return original.call(this, url, init, ms, controller)
    try {
      const session = currentSession()
      if (!session) {
        const mode = config.outsideMode ?? process.env[MODE_ENV_VAR]
        if (mode === 'live') return await original.call(this, url, init, ms, controller)
        if (mode !== 'replay' || !config.recordings) throw outsideTestError(url)
        const request = await readOutgoingRequest(url, init, this.baseURL, createRedactor([config.redact]))
        const response = replayFromRecordings(request, url, controller.signal, await config.recordings.load(), config.recordings.where)
        markReplayed()
        return response
      }
      if (session.mode === 'live') return await original.call(this, url, init, ms, controller)
      const redactor = createRedactor([session.options.redact, config.redact])
      const request = await readOutgoingRequest(url, init, this.baseURL, redactor)
      const served = await session.handle({
        request,
        redactor,
        url,
        apiKey: this.apiKey ?? undefined,
        allowedSecrets: config.allowedSecrets,
        signal: controller.signal,
        sendLive: () => original.call(this, url, request.init, ms, controller),
        ...(config.recordings ? { recordings: config.recordings.load } : {}),
      })
      if (served.replayed) markReplayed()
      return served.response
    } catch (error) {
      throw error instanceof CassetteError ? finalError(error) : error
    }
  }
}
