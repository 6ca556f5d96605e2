import { CassetteError } from '../errors.js'
import { MODE_ENV_VAR } from '../mode.js'
import { currentSession } from '../session/current.js'
import { readOutgoingRequest, urlOf } from './outgoing-request.js'
import { finalError, surfaceOwnErrors } from './own-errors.js'
import { serveRecordedStreams } from './recorded-stream.js'

type Fetch = (input: string | URL | Request, init?: RequestInit) => Promise<Response>

/** The part of an `openai` client (v4 and later) that llm-cassettes uses. */
interface ClientShape {
  fetch: Fetch
  baseURL: string
  apiKey?: string | null
}

const WRAPPED = Symbol.for('llm-cassettes.wrapped')

interface WrappedMark {
  restore(): void
}

function isClient(value: unknown): value is ClientShape {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as ClientShape).fetch === 'function' &&
    typeof (value as ClientShape).baseURL === 'string'
  )
}

function outsideTestError(url: string): CassetteError {
  return new CassetteError(
    `a wrapped OpenAI client called ${url} outside a test, so there is no cassette to use. ` +
      'Make the call inside a test, and check that the runner integration is set up: ' +
      "`plugins: [cassettes()]` from 'llm-cassettes/vitest' in vitest.config.ts. " +
      `To let calls outside tests go live, set ${MODE_ENV_VAR}=live.`,
    { code: 'ERR_CASSETTE_NO_TEST' },
  )
}

/**
 * Records and replays this client's calls through the current test's cassette. Returns the same instance,
 * with the same type; only its transport is replaced, so everything the SDK builds on top (streams, pages,
 * helpers, errors, `withResponse()`) behaves as it does live. Wrapping twice is a no-op.
 */
export function wrapOpenAI<Client extends object>(client: Client): Client {
  if (!isClient(client)) {
    throw new CassetteError('wrapOpenAI() expects a client from the `openai` package (v4 or later), e.g. `wrapOpenAI(new OpenAI())`.', {
      code: 'ERR_CASSETTE_CLIENT',
    })
  }
  if (WRAPPED in client) return client
  const original = client.fetch
  const cassetteFetch: Fetch = async (input, init) => {
    const url = urlOf(input)
    if (url.startsWith('data:')) return original(input, init)
    const session = currentSession()
    if (!session) {
      if (process.env[MODE_ENV_VAR] === 'live') return original(input, init)
      throw finalError(outsideTestError(url))
    }
    try {
      if (session.mode === 'live') return await original(input, init)
      return await session.handle({
        request: readOutgoingRequest(input, init, client.baseURL),
        url,
        apiKey: client.apiKey ?? undefined,
        sendLive: () => original(input, init),
      })
    } catch (error) {
      throw error instanceof CassetteError ? finalError(error) : error
    }
  }
  client.fetch = cassetteFetch
  const restoreRequestMethods = surfaceOwnErrors(client)
  const restoreStreams = serveRecordedStreams(client)
  const mark: WrappedMark = {
    restore() {
      client.fetch = original
      restoreRequestMethods()
      restoreStreams()
      delete (client as { [WRAPPED]?: WrappedMark })[WRAPPED]
    },
  }
  Object.defineProperty(client, WRAPPED, { value: mark, configurable: true, enumerable: false })
  return client
}

/** Undoes {@link wrapOpenAI}: the client talks to the network directly again. */
export function unwrapOpenAI<Client extends object>(client: Client): Client {
  ;(client as { [WRAPPED]?: WrappedMark })[WRAPPED]?.restore()
  return client
}
