import { randomUUID } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { modelError } from './errors.js'
import { seedFiles } from './files.js'
import { apiPath, isAuthorized, isAzurePath, parseBody, readBody } from './request.js'
import { findRoute, type Route } from './routes.js'
import { VOLATILE_MODEL, apiError, badRequest, invalidRequest, isRecord, notFound, sendJson, sha256 } from './shared.js'
import type { Json, OpenAIServer, OpenAIServerOptions, ReceivedRequest, ServerState } from './types.js'

export type { OpenAIServer, OpenAIServerOptions, ReceivedRequest } from './types.js'

const INVALID_API_KEY = 'Incorrect API key provided. You can find your API key at https://platform.openai.com/api-keys.'

/** The request's model: the body's, else the Azure deployment's, else the route's fallback; null when it must be given. */
function modelFor(route: Route, body: Json, deployment: string | null): string | null {
  if (typeof body.model === 'string') return body.model
  if (route.model === 'none') return ''
  if (deployment !== null) return deployment
  return route.model === 'required' ? null : route.model.fallback
}

const newState = (): ServerState => ({ flakySeen: new Set(), files: seedFiles(), batches: new Map(), sequence: 0 })

export async function startOpenAIServer(options: OpenAIServerOptions = {}): Promise<OpenAIServer> {
  const host = options.host ?? '127.0.0.1'
  const requests: ReceivedRequest[] = []
  const sockets = new Set<Socket>()
  const state = newState()
  let gates: Array<() => void> = []

  const release = (): void => {
    const waiting = gates
    gates = []
    waiting.forEach((resolve) => resolve())
  }
  const waitForRelease = (): Promise<void> => new Promise((resolve) => gates.push(resolve))

  async function handleApi(req: IncomingMessage, res: ServerResponse, method: string, url: URL): Promise<void> {
    const record: ReceivedRequest = { method, path: req.url ?? url.pathname, headers: { ...req.headers }, body: null }
    requests.push(record)
    const raw = await readBody(req)
    const parsed = await parseBody(raw, req.headers['content-type'])
    const canonical = parsed.ok ? parsed.canonical : raw
    const hash = sha256(Buffer.concat([Buffer.from(method + record.path), canonical]))
    res.setHeader('x-request-id', `req_${hash.slice(0, 16)}`)
    if (!isAuthorized(req, isAzurePath(url.pathname))) {
      return sendJson(res, { status: 401, body: invalidRequest(INVALID_API_KEY, null, 'invalid_api_key') })
    }
    if (!parsed.ok) return sendJson(res, badRequest(parsed.message))
    record.body = parsed.value
    const { path, deployment } = apiPath(url.pathname)
    const found = findRoute(method, path)
    if (!found) return sendJson(res, notFound(method, url.pathname))
    const body = isRecord(parsed.value) ? parsed.value : {}
    const model = modelFor(found.route, body, deployment)
    if (model === null) return sendJson(res, badRequest('you must provide a model parameter'))
    const failure = model === '' ? undefined : modelError(model, hash, state.flakySeen)
    if (failure) return sendJson(res, failure)
    const { params } = found
    const uploads = parsed.uploads
    // `volatile-model` makes up new ids on every call (from a random hash), as real servers do.
    const callHash = model === VOLATILE_MODEL ? sha256(randomUUID()) : sha256(canonical)
    const call = { res, body, model, hash: callHash, uploads, params, query: url.searchParams, state, waitForRelease }
    await found.route.handler(call)
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? 'GET'
    const url = new URL(req.url ?? '/', 'http://localhost')
    const api = url.pathname.startsWith('/v1/') || url.pathname === '/v1' || isAzurePath(url.pathname)
    if (api) return handleApi(req, res, method, url)
    await readBody(req)
    if (method === 'POST' && url.pathname === '/control/release') {
      release()
      return sendJson(res, { status: 200, body: {} })
    }
    sendJson(res, notFound(method, url.pathname))
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (res.headersSent) res.destroy()
      else sendJson(res, { status: 500, body: apiError(String(error), 'server_error', null, null) })
    })
  })
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, host, () => resolve())
  })
  const { port } = server.address() as AddressInfo
  const urlHost = host.includes(':') ? `[${host}]` : host
  const origin = `http://${urlHost}:${port}`

  return {
    url: `${origin}/v1`,
    origin,
    port,
    requests,
    release,
    close: () =>
      new Promise<void>((resolve, reject) => {
        if (!server.listening) return resolve()
        release()
        server.close((error) => (error ? reject(error) : resolve()))
        sockets.forEach((socket) => socket.destroy())
      }),
  }
}
