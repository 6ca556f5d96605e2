import type { IncomingMessage, ServerResponse } from 'node:http'
import { CassetteError } from '../errors.js'
import { cassetteFetch, unwrappedFetch } from '../fetch/wrap-fetch.js'
import { detectProvider } from '../providers/detect.js'
import { runWithSession } from '../session/current.js'
import type { TransportConfig } from '../stainless/transport.js'
import { CASSETTE_HEADER } from './cassette-choice.js'
import type { CassetteChooser, Chosen } from './choose-cassette.js'
import { errorReply, type ErrorKind } from './error-response.js'
import { bodyInit, bodyProblem, forwardedHeaders, readBody } from './incoming.js'
import { addServeKey } from './keys.js'
import { pipeResponse, sendReply } from './send-response.js'
import { joinUpstream, upstreamFor, type ServedProvider, type Upstreams } from './upstreams.js'

export interface ProxyContext {
  chooser: CassetteChooser
  upstreams: Upstreams
  /** Misses and other refusals, as serve's stderr shows them. */
  log: (text: string) => void
}

/** Redaction and allowed secrets come from the settings, through each session; serve adds none of its own. */
const CONFIG: TransportConfig = { redact: undefined, allowedSecrets: [] }

/** A cassette error's status: one the SDKs do not retry (they retry 408, 409, 429 and ≥ 500). */
function statusOf(error: CassetteError): [number, ErrorKind] {
  if (error.code === 'ERR_CASSETTE_MISS') return [404, 'not_found']
  if (error.code === 'ERR_CASSETTE_NO_API_KEY') return [401, 'authentication']
  return [400, 'invalid_request']
}

/** The fetch calls go live through: the real one, even under `llm-cassettes/auto-fetch` in a test process. */
function liveFetch(): typeof fetch {
  return unwrappedFetch(globalThis.fetch)?.original ?? globalThis.fetch
}

function describeFailure(error: unknown): string {
  if (!(error instanceof Error)) return String(error)
  const cause = (error as { cause?: unknown }).cause
  return cause instanceof Error ? `${error.message} (${cause.message})` : error.message
}

/**
 * One call to a provider's API: served from the chosen cassette, or sent live to the upstream and recorded, by
 * the same code as `wrapFetch()` (matching, modes, redaction, secret guard); the response goes back to the client
 * as it arrives.
 */
export async function serveProviderRequest(
  req: IncomingMessage,
  res: ServerResponse,
  pathAndQuery: string,
  pathId: string | undefined,
  context: ProxyContext,
): Promise<void> {
  const method = (req.method ?? 'GET').toUpperCase()
  const headers = forwardedHeaders(req)
  const route = detectProvider(new URL(pathAndQuery, 'http://serve.invalid'), headers)
  const provider = route.format.name as ServedProvider
  const fail = (status: number, kind: ErrorKind, message: string, code: string | null = null) =>
    sendReply(res, errorReply(provider, status, kind, message, code))
  const body = await readBody(req)
  const problem = bodyProblem(provider, headers, body)
  if (problem) return fail(400, 'invalid_request', problem)
  const header = headers.get(CASSETTE_HEADER) ?? undefined
  headers.delete(CASSETTE_HEADER)
  const base = upstreamFor(context.upstreams, provider)
  if (base === undefined) {
    const message = `[llm-cassettes] serve has no upstream for ${method} ${pathAndQuery}, which is not an OpenAI, Anthropic or Gemini API path: start it with --upstream <url>.`
    return fail(404, 'not_found', message, 'ERR_CASSETTE_UPSTREAM')
  }
  let chosen: Chosen
  try {
    chosen = context.chooser.choose(pathId, header)
  } catch (error) {
    if (!(error instanceof CassetteError)) throw error
    context.log(error.message)
    return fail(400, 'invalid_request', error.message, error.code)
  }
  const url = joinUpstream(base, pathAndQuery)
  addServeKey(provider, headers, new URL(url), process.env)
  const controller = new AbortController()
  // The client hung up: stop the live call, or the replay, as fetch would.
  res.on('close', () => {
    if (!res.writableFinished) controller.abort()
  })
  const init: RequestInit = { method, headers, signal: controller.signal }
  const sent = bodyInit(headers, body)
  if (sent !== undefined) init.body = sent
  const serving = (async () => {
    let response: Response
    try {
      response = await runWithSession(chosen.session, () => cassetteFetch(liveFetch(), { url, init, headers }, CONFIG, 'llm-cassettes serve'))
    } catch (error) {
      if (error instanceof CassetteError) {
        context.log(error.message)
        const [status, kind] = statusOf(error)
        return fail(status, kind, error.message, error.code)
      }
      if (controller.signal.aborted) return
      const message = `[llm-cassettes] serve could not reach ${url} for ${method} ${pathAndQuery}: ${describeFailure(error)}`
      context.log(message)
      return fail(502, 'upstream', message, 'ERR_CASSETTE_UPSTREAM')
    }
    await pipeResponse(response, res)
  })()
  chosen.open?.inflight.add(serving)
  try {
    await serving
  } finally {
    chosen.open?.inflight.delete(serving)
  }
}
