import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'

export interface App {
  url: string
  post(path: string, body: unknown): Promise<Response>
  /** Everything the app wrote to stderr. */
  stderr(): string
  stop(): Promise<void>
}

const APP = fileURLToPath(new URL('./app.mjs', import.meta.url))

/** Starts the app in its own process with `env` added to this one's, and waits for it to listen. */
export function startApp(env: Record<string, string>): Promise<App> {
  const child = spawn(process.execPath, [APP], { env: { ...process.env, ...env, PORT: '0' }, stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stderr.on('data', (data: Buffer) => (stderr += data.toString()))
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the app exited (code ${code}) before listening:\n${stderr}`)))
    child.stdout.on('data', (data: Buffer) => {
      stdout += data.toString()
      const url = /app listening on (\S+)/.exec(stdout)?.[1]
      if (!url) return
      resolve({
        url,
        post: (path, body) => fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
        stderr: () => stderr,
        async stop() {
          if (child.exitCode === null && child.signalCode === null) child.kill()
          await exited
        },
      })
    })
  })
}
