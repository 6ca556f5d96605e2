import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface Reply {
  status?: number
  headers?: Record<string, string>
  /** Written one piece at a time, a few milliseconds apart, so the client reads them as they come. */
  pieces: string[]
}

export interface Received {
  method: string
  url: string
  headers: IncomingMessage['headers']
  body: string
}

/** A server that answers every request with the reply `reply(request)` gives, byte for byte. */
export async function scriptServer(reply: (request: Received) => Reply): Promise<{ url: string; received: Received[]; close(): Promise<void> }> {
  const received: Received[] = []
  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const request = { method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') }
    received.push(request)
    const { status = 200, headers = {}, pieces } = reply(request)
    res.writeHead(status, headers)
    for (const piece of pieces) {
      res.write(piece)
      await new Promise((resolve) => setTimeout(resolve, 2))
    }
    res.end()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
}
