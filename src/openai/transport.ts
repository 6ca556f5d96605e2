import { CassetteError } from '../errors.js'
import { MODE_ENV_VAR } from '../mode.js'
import { currentSession } from '../session/current.js'
import { readOutgoingRequest } from './outgoing-request.js'
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

function outsideTestError(url: string): CassetteError {
  return new CassetteError(
    `a wrapped OpenAI client called ${url} outside a test, so there is no cassette to use. ` +
      'Make the call inside a test, and check that the runner integration is set up: ' +
      "`plugins: [cassettes()]` from 'llm-cassettes/vitest' in vitest.config.ts, or " +
      "`setupFilesAfterEnv: ['llm-cassettes/jest']` in the Jest config. " +
      `To let calls outside tests go live, set ${MODE_ENV_VAR}=live.`,
    { code: 'ERR_CASSETTE_NO_TEST' },
  )
}

/** Serves each request from the current test's cassette session, or sends it live through `original`. */
export function cassetteTransport(original: FetchWithTimeout): FetchWithTimeout {
  return async function (url, init, ms, controller) {
    if (url.startsWith('data:')) return original.call(this, url, init, ms, controller)
    try {
      const session = currentSession()
      if (!session) {
        if (process.env[MODE_ENV_VAR] === 'live') return await original.call(this, url, init, ms, controller)
        throw outsideTestError(url)
      }
      if (session.mode === 'live') return await original.call(this, url, init, ms, controller)
      const request = await readOutgoingRequest(url, init, this.baseURL)
      const served = await session.handle({
        request,
        url,
        apiKey: this.apiKey ?? undefined,
        signal: controller.signal,
        sendLive: () => original.call(this, url, request.init, ms, controller),
      })
      if (served.replayed) markReplayed()
      return served.response
    } catch (error) {
      throw error instanceof CassetteError ? finalError(error) : error
    }
  }
}
