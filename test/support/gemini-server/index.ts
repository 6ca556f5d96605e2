import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { isRecord, type Json } from './content.js'
import { batchEmbedContents, embedContent, generateContent, streamGenerateContent } from './generate.js'

export interface ReceivedRequest {
  method: string
  path: string
  headers: IncomingMessage['headers']
  body: unknown
}

export interface GeminiServer {
  /** The API root: `${origin}/v1beta` is what the Vercel AI SDK takes; @google/genai takes the origin. */
  origin: string
  requests: ReceivedRequest[]
  close(): Promise<void>
}

/** `models/{model}:{method}` under `/v1` (@google/genai's default) or `/v1beta` (the Vercel AI SDK's). */
const ROUTE = /^\/(v1|v1beta)\/models\/([^/:]+):(\w+)$/

const STATUS_NAMES: Record<number, string> = { 400: 'INVALID_ARGUMENT', 403: 'PERMISSION_DENIED', 404: 'NOT_FOUND', 429: 'RESOURCE_EXHAUSTED', 500: 'INTERNAL' }

function sendError(res: ServerResponse, code: number, message: string, details?: Json[]): void {
  res.writeHead(code, { 'content-type': 'application/json; charset=UTF-8' })
  res.end(JSON.stringify({ error: { code, message, status: STATUS_NAMES[code] ?? 'UNKNOWN', ...(details ? { details } : {}) } }, null, 2))
}

/** Models whose every call fails as the API fails; `flaky-429` fails once per distinct request, then succeeds. */
function modelError(res: ServerResponse, model: string, key: string, flakySeen: Set<string>): boolean {
  const failure = /^error-(\d{3})$/.exec(model)
  if (failure) {
    sendError(
      res,
      Number(failure[1]),
      Number(failure[1]) === 400 ? '* GenerateContentRequest.contents: contents is not specified' : 'Internal error encountered.',
    )
    return true
  }
  if (model !== 'flaky-429' || flakySeen.has(key)) return false
  flakySeen.add(key)
  sendError(res, 429, 'You exceeded your current quota, please retry later.', [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '1s' }])
  return true
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}

/**
 * A Gemini API server (generateContent, streamGenerateContent with `alt=sse`, embedContent, batchEmbedContents)
 * for the shapes a tiny model cannot produce: function calls (with ids), JSON output, errors. Deterministic.
 */
export async function startGeminiServer(): Promise<GeminiServer> {
  const requests: ReceivedRequest[] = []
  const flakySeen = new Set<string>()
  const sockets = new Set<Socket>()

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost')
    const raw = await readBody(req)
    let body: unknown = null
    try {
      body = raw === '' ? null : JSON.parse(raw)
    } catch {
      return sendError(res, 400, 'Invalid JSON payload received.')
    }
    requests.push({ method: req.method ?? 'GET', path: req.url ?? '/', headers: req.headers, body })
    const key = req.headers['x-goog-api-key'] ?? url.searchParams.get('key')
    if (typeof key !== 'string' || key === '')
      return sendError(res, 403, "Method doesn't allow unregistered callers. Please use API Key or other form of API consumer identity to call this API.")
    const route = ROUTE.exec(url.pathname)
    if (!route || req.method !== 'POST' || !isRecord(body)) return sendError(res, 404, `Method not found: ${req.method} ${url.pathname}`)
    const [, , model, method] = route
    if (modelError(res, model!, `${url.pathname} ${raw}`, flakySeen)) return
    if (method === 'generateContent') return generateContent(res, model!, body)
    if (method === 'streamGenerateContent' && url.searchParams.get('alt') === 'sse') return streamGenerateContent(res, model!, body)
    if (method === 'embedContent') return embedContent(res, body)
    if (method === 'batchEmbedContents') return batchEmbedContents(res, body)
    sendError(res, 404, `Method not found: ${method}`)
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (res.headersSent) res.destroy()
      else sendError(res, 500, String(error))
    })
  })
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        if (!server.listening) return resolve()
        server.close((error) => (error ? reject(error) : resolve()))
        sockets.forEach((socket) => socket.destroy())
      }),
  }
}
