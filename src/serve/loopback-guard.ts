import type { IncomingMessage } from 'node:http'

const LOOPBACK_HOSTS = /^(127(\.\d{1,3}){3}|localhost|[^.]+\.localhost|\[::1\]|::1)$/i

function hostnameOf(value: string): string | undefined {
  try {
    return new URL(value.includes('://') ? value : `http://${value}`).hostname
  } catch {
    return undefined
  }
}

const isLoopback = (hostname: string | undefined) => hostname !== undefined && LOOPBACK_HOSTS.test(hostname)

/**
 * serve spends the API keys in its environment, so on a loopback address it answers only the programs of this
 * machine: a web page the developer has open cannot use it, neither directly (its `Origin` is not local) nor by
 * pointing a name of its own at 127.0.0.1 (DNS rebinding: the `Host` is not local). Why a request is refused, or
 * undefined. Listening elsewhere (`--host 0.0.0.0`) is the user's choice, and lifts this.
 */
export function refusedCaller(req: IncomingMessage, boundHost: string, port: number): string | undefined {
  if (!isLoopback(boundHost)) return undefined
  const host = req.headers.host
  if (host !== undefined && !isLoopback(hostnameOf(host))) {
    return `[llm-cassettes] serve answers only requests to this machine's loopback address (Host ${JSON.stringify(host)} is not 127.0.0.1:${port} or localhost:${port}).`
  }
  const origin = req.headers.origin
  if (origin !== undefined && !isLoopback(hostnameOf(origin))) {
    return `[llm-cassettes] serve answers only programs on this machine, not web pages (Origin ${JSON.stringify(origin)}).`
  }
  return undefined
}
