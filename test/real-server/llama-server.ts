import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createServer } from 'node:net'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { REPO_ROOT } from '../support/fixture-project.js'

const exec = promisify(execFile)

/** Where `.ci/run` builds llama.cpp's llama-server (../shared/tools/real-llm/setup.sh). */
export const REAL_LLM_DIR = resolve(REPO_ROOT, process.env.REAL_LLM_DIR ?? '.cache/real-llm')
// REAL_LLM_TOOLS: where setup.sh and start.sh are when ../shared is not beside the checkout (a git worktree).
const TOOLS = process.env.REAL_LLM_TOOLS ?? resolve(REPO_ROOT, '..', 'shared', 'tools', 'real-llm')

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
  if (!existsSync(join(REAL_LLM_DIR, 'bin', 'llama-server'))) {
    throw new Error(
      `llama-server is not built in ${REAL_LLM_DIR}. Build it first (about 2.5 minutes, offline): ` +
        `bash ${join(TOOLS, 'setup.sh')} ${REAL_LLM_DIR}`,
    )
  }
}

/** Starts llama-server on a free 127.0.0.1 port with the tiny model; `--embeddings` for the embeddings instance. */
export async function startLlamaServer(options: { embeddings?: boolean } = {}): Promise<LlamaServer> {
  assertBuilt()
  const port = await freePort()
  const args = [join(TOOLS, 'start.sh'), REAL_LLM_DIR, String(port), ...(options.embeddings ? ['--embeddings'] : [])]
  const { stdout } = await exec('bash', args)
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
