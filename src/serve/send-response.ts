import type { ServerResponse } from 'node:http'
import type { ErrorReply } from './error-response.js'
import { NOT_RETURNED } from './incoming.js'

export function sendReply(res: ServerResponse, reply: ErrorReply): void {
  if (res.headersSent) {
    res.destroy()
    return
  }
  res.writeHead(reply.status, reply.headers)
  res.end(reply.body)
}

export function sendJson(res: ServerResponse, status: number, value: unknown): void {
  sendReply(res, { status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(value) })
}

/** Resolves once the client has taken what was written, or has gone. */
function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done)
      res.off('close', done)
      resolve()
    }
    res.on('drain', done)
    res.on('close', done)
  })
}

/**
 * Writes a fetch Response to the client as it comes: each chunk (a streamed event, live or replayed) is written as
 * soon as it is read, and the next one is read only when the client has taken it. A body that fails midway cuts
 * the connection, as the live server's would.
 */
export async function pipeResponse(response: Response, res: ServerResponse): Promise<void> {
  const headers: Record<string, string | string[]> = {}
  response.headers.forEach((value, name) => {
    if (!NOT_RETURNED.has(name) && name !== 'set-cookie') headers[name] = value
  })
  const cookies = response.headers.getSetCookie()
  if (cookies.length > 0) headers['set-cookie'] = cookies
  res.writeHead(response.status, response.statusText || undefined, headers)
  // The status line and headers go out now: an SSE client sees the stream open before the first event.
  res.flushHeaders()
  if (!response.body) {
    res.end()
    return
  }
  const reader = response.body.getReader()
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      if (res.destroyed) {
        await reader.cancel().catch(() => undefined)
        return
      }
      if (!res.write(value)) await drained(res)
    }
    res.end()
  } catch {
    res.destroy()
  }
}
