import { startOpenAIServer, type OpenAIServer } from '../../test/support/openai-server.js'
import { setUp } from './setup-error.js'

/** `BENCH_SERVER_PORT` pins the port (default: any free one); a busy port fails the setup, not the table. */
export function serverPort(): number {
  const text = process.env.BENCH_SERVER_PORT ?? '0'
  const port = Number(text)
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`BENCH_SERVER_PORT=${text} is not a port`)
  return port
}

/** Runs `body` with the repository's OpenAI-compatible test server listening on 127.0.0.1, then stops it. */
export async function withLocalServer<T>(body: (server: OpenAIServer) => Promise<T>): Promise<T> {
  const server = await setUp('the local OpenAI-compatible server on 127.0.0.1', () => startOpenAIServer({ port: serverPort() }))
  try {
    return await body(server)
  } finally {
    await server.close()
  }
}
