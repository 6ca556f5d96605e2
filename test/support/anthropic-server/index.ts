import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { batchResults, cancelBatch, createBatch, deleteBatch, listBatches, retrieveBatch } from './batches.js'
import { modelError } from './errors.js'
import { handleCountTokens, handleMessages } from './messages.js'
import { listModels, retrieveModel } from './models.js'
import { errorBody, isRecord, sendJson, sha256 } from './shared.js'
import type { AnthropicServer, Call, Json, ReceivedRequest, ServerState } from './types.js'

export type { AnthropicServer, ReceivedRequest } from './types.js'

/** Every response of the API carries these; the SDKs expose them as `_request_id` and `_workspace_id`. */
const WORKSPACE_ID = 'wrkspc_01TestWorkspace'

type Route = [method: string, pattern: RegExp, handler: (call: Call, requestId: string) => void | Promise<void>]

const API_ROUTES: Route[] = [
  ['POST', /^\/v1\/messages$/, handleMessages],
  ['POST', /^\/v1\/messages\/count_tokens$/, handleCountTokens],
  ['GET', /^\/v1\/models$/, listModels],
  ['GET', /^\/v1\/models\/(?<id>[^/]+)$/, retrieveModel],
  ['POST', /^\/v1\/messages\/batches$/, createBatch],
  ['GET', /^\/v1\/messages\/batches$/, listBatches],
  ['GET', /^\/v1\/messages\/batches\/(?<id>[^/]+)$/, retrieveBatch],
  ['POST', /^\/v1\/messages\/batches\/(?<id>[^/]+)\/cancel$/, cancelBatch],
  ['DELETE', /^\/v1\/messages\/batches\/(?<id>[^/]+)$/, deleteBatch],
]
const RESULTS_ROUTES: Route[] = [['GET', /^\/v1\/messages\/batches\/(?<id>[^/]+)\/results$/, batchResults]]

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}

/** The 0.x SDKs send `x-api-key`, 1.x `authorization: Bearer`; either will do. */
function isAuthorized(req: IncomingMessage): boolean {
  const apiKey = req.headers['x-api-key']
  return (typeof apiKey === 'string' && apiKey.trim() !== '') || /^Bearer\s+\S+/i.test(req.headers.authorization ?? '')
}

function listen(server: Server, host: string): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, host, () => resolve(`http://${host}:${(server.address() as AddressInfo).port}`))
  })
}

/**
 * An Anthropic-compatible server for what a tiny model cannot produce: tool use, thinking, API errors (529
 * included), an error event inside a stream, retries, pages of models, message batches with results on another
 * origin. Replies are deterministic (ids from the request's hash), so a recording can be compared with a replay.
 */
export async function startAnthropicServer(host = '127.0.0.1'): Promise<AnthropicServer> {
  const requests: ReceivedRequest[] = []
  const state: ServerState = { flakySeen: new Set(), batches: new Map(), attempts: new Map() }
  const sockets = new Set<Socket>()
  let gates: Array<() => void> = []
  const release = (): void => {
    const waiting = gates
    gates = []
    waiting.forEach((resolve) => resolve())
  }
  let resultsOrigin = ''

  async function handle(routes: Route[], req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? 'GET'
    const url = new URL(req.url ?? '/', 'http://localhost')
    const raw = await readBody(req)
    if (method === 'POST' && url.pathname === '/control/release') {
      release()
      return sendJson(res, { status: 200, body: {} })
    }
    let parsed: unknown = null
    try {
      parsed = raw.trim() === '' ? null : JSON.parse(raw)
    } catch {
      return sendJson(res, { status: 400, body: errorBody('invalid_request_error', 'Invalid JSON body') })
    }
    requests.push({ method, path: req.url ?? url.pathname, headers: { ...req.headers }, body: parsed })
    const hash = sha256(`${method} ${url.pathname} ${raw}`)
    const attempt = (state.attempts.get(hash) ?? 0) + 1
    state.attempts.set(hash, attempt)
    const requestId = `req_${hash.slice(0, 20)}${attempt}`
    res.setHeader('request-id', requestId)
    res.setHeader('anthropic-workspace-id', WORKSPACE_ID)
    if (!isAuthorized(req)) return sendJson(res, { status: 401, body: errorBody('authentication_error', 'x-api-key header is required', requestId) })
    const body: Json = isRecord(parsed) ? parsed : {}
    const failure = typeof body.model === 'string' ? modelError(body.model, hash, state.flakySeen, requestId) : undefined
    if (failure) return sendJson(res, failure)
    for (const [routeMethod, pattern, handler] of routes) {
      const match = routeMethod === method ? pattern.exec(url.pathname) : null
      if (!match) continue
      const call: Call = {
        res,
        body,
        hash,
        params: { ...match.groups },
        query: url.searchParams,
        state,
        resultsOrigin,
        waitForRelease: () => new Promise((resolve) => gates.push(resolve)),
      }
      return handler(call, requestId)
    }
    sendJson(res, { status: 404, body: errorBody('not_found_error', `Not Found: ${method} ${url.pathname}`, requestId) })
  }

  const serve = (routes: Route[]): Server => {
    const server = createServer((req, res) => {
      handle(routes, req, res).catch((error: unknown) => {
        if (res.headersSent) res.destroy()
        else sendJson(res, { status: 500, body: errorBody('api_error', String(error)) })
      })
    })
    server.on('connection', (socket) => {
      sockets.add(socket)
      socket.on('close', () => sockets.delete(socket))
    })
    return server
  }

  const api = serve(API_ROUTES)
  const results = serve(RESULTS_ROUTES)
  const url = await listen(api, host)
  resultsOrigin = await listen(results, host)
  const closeOne = (server: Server) =>
    new Promise<void>((resolve, reject) => {
      if (!server.listening) return resolve()
      server.close((error) => (error ? reject(error) : resolve()))
    })

  return {
    url,
    resultsUrl: resultsOrigin,
    requests,
    release,
    close: async () => {
      release()
      const closing = [closeOne(api), closeOne(results)]
      sockets.forEach((socket) => socket.destroy())
      await Promise.all(closing)
    },
  }
}
