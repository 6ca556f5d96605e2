import { CassetteError } from '../errors.js'
import { credentialsInHeaders } from '../exchange/credential-headers.js'
import { sendingLive } from '../exchange/live-scope.js'
import { readOutgoingRequest, type RequestNaming } from '../exchange/outgoing-request.js'
import { MODE_ENV_VAR } from '../mode.js'
import { detectProvider, type ProviderRoute } from '../providers/detect.js'
import { PLACEHOLDER_API_KEY } from '../safety/placeholder-key.js'
import { createRedactor, KEY_SHAPED_QUERY_PARAM } from '../safety/redaction.js'
import { currentSession } from '../session/current.js'
import { outsideTestError } from '../session/outside-test-error.js'
import { replayOutsideTest } from '../session/replay-outside-test.js'
import type { TransportConfig } from '../stainless/transport.js'
import { transportConfig, type WrapOptions } from '../stainless/wrap-options.js'
import { tryParseJson } from '../util/parse-json.js'
import { failingResponse, wrapsThrownErrors } from './cassette-error-response.js'
import { fetchCall, type FetchCall } from './fetch-call.js'
import { withoutRetryWait } from './replayed-retry.js'

/** Marks a fetch this package made, with the fetch it sends through. */
const WRAPPED_FETCH = Symbol.for('llm-cassettes.wrapped-fetch')

type Fetch = typeof globalThis.fetch
type Marked = Fetch & { [WRAPPED_FETCH]?: { original: Fetch; allHosts: boolean } }

/** The fetch a wrapped fetch sends through, or undefined for a fetch of anyone else's. */
export function unwrappedFetch(fetch: unknown): { original: Fetch; allHosts: boolean } | undefined {
  return typeof fetch === 'function' ? (fetch as Marked)[WRAPPED_FETCH] : undefined
}

export function markWrapped(wrapped: Fetch, original: Fetch, allHosts: boolean): Fetch {
  Object.defineProperty(wrapped, WRAPPED_FETCH, { value: { original, allHosts } })
  return wrapped
}

/** Credentials in the URL (`?key=` for Gemini, `api-key=`): never written, like those in headers. */
function credentialsInQuery(url: URL): string[] {
  return [...url.searchParams].filter(([name, value]) => KEY_SHAPED_QUERY_PARAM.test(name) && value !== '').map(([, value]) => value)
}

function isStreamRequest(url: URL, body: unknown): boolean {
  const stream = typeof body === 'object' && body !== null && (body as { stream?: unknown }).stream === true
  return stream || url.searchParams.get('alt') === 'sse' || url.pathname.endsWith(':streamGenerateContent')
}

function naming(route: ProviderRoute): RequestNaming {
  return { endpoint: route.endpoint, ...(route.model === undefined ? {} : { model: route.model }) }
}

/** One call through a wrapped fetch: the current test's cassette serves it, or it goes live through `original`. */
export async function cassetteFetch(original: Fetch, call: FetchCall, config: TransportConfig, caller: string): Promise<Response> {
  const { url, init, headers } = call
  const parsed = new URL(url)
  const route = detectProvider(parsed, headers)
  const signal = init.signal ?? new AbortController().signal
  const session = currentSession()
  if (!session) {
    const mode = config.outsideMode ?? process.env[MODE_ENV_VAR]
    if (mode === 'live') return sendingLive(() => original(url, init))
    if (mode !== 'replay' || !config.recordings) throw outsideTestError(`${caller} called ${url}`, 'wrapFetch')
    const request = await readOutgoingRequest(url, init, naming(route), createRedactor([config.redact, route.redact]))
    return replayOutsideTest({
      request,
      format: route.format,
      url,
      signal,
      recordings: await config.recordings.load(),
      where: config.recordings.where,
      wrapFunction: 'wrapFetch',
    })
  }
  if (session.mode === 'live') return sendingLive(() => original(url, init))
  const redactor = createRedactor([session.options.redact, config.redact, route.redact])
  const request = await readOutgoingRequest(url, init, naming(route), redactor)
  const credentials = [...new Set([...credentialsInHeaders(init.headers), ...credentialsInQuery(parsed)])]
  const served = await session.handle({
    request,
    redactor,
    format: route.format,
    url,
    credentials: credentials.filter((credential) => credential !== PLACEHOLDER_API_KEY),
    ...(credentials.includes(PLACEHOLDER_API_KEY) ? { missingKey: route.keyEnvVar ?? 'the API key variable' } : {}),
    allowedSecrets: config.allowedSecrets,
    signal,
    sendLive: () => sendingLive(() => original(url, request.init)),
    ...(config.recordings ? { recordings: config.recordings.load } : {}),
    ...(config.ignore ? { ignore: config.ignore } : {}),
  })
  return served.replayed ? withoutRetryWait(served.response) : served.response
}

/**
 * The body of a wrapped fetch: `http(s)` calls go through the cassette (others, such as the `data:` URL openai
 * fetches before an upload, straight through), and a cassette error reaches the caller untouched (see
 * cassette-error-response.ts).
 */
export function cassetteFetchFunction(original: Fetch, config: TransportConfig, caller = 'a wrapped fetch'): Fetch {
  return async function fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
    const call = fetchCall(input, init)
    if (!/^https?:/i.test(call.url)) return original(input, init)
    try {
      return await cassetteFetch(original, call, config, caller)
    } catch (error) {
      if (!(error instanceof CassetteError) || !wrapsThrownErrors(call.headers)) throw error
      const body = typeof call.init.body === 'string' ? tryParseJson(call.init.body) : undefined
      return failingResponse(error, isStreamRequest(new URL(call.url), body))
    }
  }
}

/**
 * A `fetch` that records and replays through the current test's cassette, for any SDK that takes a fetch (the
 * Vercel AI SDK's providers, LangChain.js, @google/genai) and for plain fetch code. Requests to the OpenAI,
 * Anthropic and Gemini APIs (on any host) are stored as their Python SDKs' types; anything else as it came.
 * Outside a test it behaves as `wrapOpenAI` does. Wrapping a wrapped fetch returns it unchanged.
 */
export function wrapFetch(fetchImpl: typeof globalThis.fetch = globalThis.fetch, options: WrapOptions = {}): typeof globalThis.fetch {
  if (typeof fetchImpl !== 'function') {
    throw new CassetteError(`wrapFetch() expects a fetch function, e.g. \`wrapFetch(fetch)\`; got ${fetchImpl === null ? 'null' : typeof fetchImpl}.`, {
      code: 'ERR_CASSETTE_CLIENT',
    })
  }
  const wrapped = unwrappedFetch(fetchImpl)
  // A fetch wrapped for every host is already this; the global one of llm-cassettes/auto-fetch covers only some.
  if (wrapped?.allHosts) return fetchImpl
  const original = wrapped?.original ?? fetchImpl
  return markWrapped(cassetteFetchFunction(original, transportConfig(options, 'wrapFetch')), original, true)
}
