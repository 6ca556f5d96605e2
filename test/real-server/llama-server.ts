import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createServer } from 'node:net'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { REPO_ROOT } from '../support/fixture-project.js'

const exec = promisify(execFile)

/** The project's own llama.cpp build: scripts/llama-server/setup.sh writes it here (git-ignored), offline. */
const SCRIPTS = join(REPO_ROOT, 'scripts', 'llama-server')
export const LLAMA_SERVER_DIR = resolve(REPO_ROOT, process.env.LLAMA_SERVER_DIR || join('.cache', 'llama-server'))

export interface LlamaServer {
  url: string
  stop(): Promise<void>
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number }
      probe.close(() => resolvePort(port))
    })
  })
}

export function assertBuilt(): void {
  if (!existsSync(join(LLAMA_SERVER_DIR, 'bin', 'llama-server'))) {
    throw new Error(
      `llama-server is not built in ${LLAMA_SERVER_DIR}. Build it first (about 2.5 minutes, offline), or run ` +
        `\`npm run test:real-server\`, which does: bash scripts/llama-server/setup.sh ${LLAMA_SERVER_DIR}`,
    )
  }
}

/** Starts llama-server on a free 127.0.0.1 port with the tiny model; `--embeddings` for the embeddings instance. */
export async function startLlamaServer(options: { embeddings?: boolean } = {}): Promise<LlamaServer> {
  assertBuilt()
  const port = await freePort()
  const args = [join(SCRIPTS, 'start.sh'), String(port), ...(options.embeddings ? ['--embeddings'] : [])]
  const { stdout } = await exec('bash', args, { env: { ...process.env, LLAMA_SERVER_DIR } })
  const pid = Number(stdout.trim())
  let stopped = false
  return {
    url: `http://127.0.0.1:${port}/v1`,
    async stop() {
      if (stopped) return
      stopped = true
      process.kill(pid, 'SIGTERM')
      for (let i = 0; i < 50; i++) {
        try {
          process.kill(pid, 0)
        } catch {
          return
        }
        await new Promise((wait) => setTimeout(wait, 100))
      }
      process.kill(pid, 'SIGKILL')
    },
  }
}

/** The pair the OpenAI-shaped suites use: a chat instance and an embeddings instance, stopped together. */
export async function startChatAndEmbeddings(): Promise<{ chat: LlamaServer; embeddings: LlamaServer; stop(): Promise<void> }> {
  const chat = await startLlamaServer()
  const embeddings = await startLlamaServer({ embeddings: true }).catch(async (error) => {
    await chat.stop()
    throw error
  })
  return {
    chat,
    embeddings,
    async stop() {
      await chat.stop()
      await embeddings.stop()
    },
  }
}
