import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { handleMessages } from './messages.js'

export interface ReceivedRequest {
  method: string
  path: string
  headers: IncomingMessage['headers']
  body: unknown
}

export interface AnthropicServer {
  /** The origin: the SDKs append `/v1/messages` (the Vercel AI SDK's base URL is `${url}/v1`). */
  url: string
  requests: ReceivedRequest[]
  close(): Promise<void>
}

function sendError(res: ServerResponse, status: number, type: string, message: string): void {
  res.writeHead(status, { 'content-type': 'application/json' })
  res.end(JSON.stringify({ type: 'error', error: { type, message } }))
}

async function handle(req: IncomingMessage, res: ServerResponse, requests: ReceivedRequest[]): Promise<void> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  const raw = Buffer.concat(chunks).toString('utf8')
  const url = new URL(req.url ?? '/', 'http://localhost')
  let body: unknown = null
  try {
    body = raw === '' ? null : JSON.parse(raw)
  } catch {
    return sendError(res, 400, 'invalid_request_error', 'Invalid JSON body')
  }
  requests.push({ method: req.method ?? 'GET', path: req.url ?? '/', headers: req.headers, body })
  const apiKey = req.headers['x-api-key']
  if (!(typeof apiKey === 'string' && apiKey !== '') && !/^Bearer\s+\S+/i.test(req.headers.authorization ?? '')) {
    return sendError(res, 401, 'authentication_error', 'x-api-key header is required')
  }
  if (req.method !== 'POST' || url.pathname !== '/v1/messages' || typeof body !== 'object' || body === null) {
    return sendError(res, 404, 'not_found_error', `Not Found: ${req.method} ${url.pathname}`)
  }
  await handleMessages(res, body as Record<string, unknown>, raw)
}

/** An Anthropic Messages API server (text, tool use, structured output; JSON and streamed), deterministic. */
export async function startAnthropicServer(host = '127.0.0.1'): Promise<AnthropicServer> {
  const requests: ReceivedRequest[] = []
  const sockets = new Set<Socket>()
  const server = createServer((req, res) => {
    handle(req, res, requests).catch((error: unknown) => {
      if (res.headersSent) res.destroy()
      else sendError(res, 500, 'api_error', String(error))
    })
  })
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise<void>((resolve) => server.listen(0, host, resolve))
  return {
    url: `http://${host}:${(server.address() as AddressInfo).port}`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        if (!server.listening) return resolve()
        server.close((error) => (error ? reject(error) : resolve()))
        sockets.forEach((socket) => socket.destroy())
      }),
  }
}
