import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdir, readdir, readFile } from 'node:fs/promises'
import { existsSync } from 'node:fs'
import { join, relative } from 'node:path'
import { onTestFinished } from 'vitest'
import { childEnv, REPO_ROOT } from '../support/fixture-project.js'

export const CLI = join(REPO_ROOT, 'dist', 'cli.js')

/** A fresh folder under the repository's .tmp/ for one serve run's cassettes. */
export async function workDir(name: string): Promise<string> {
  const dir = join(REPO_ROOT, '.tmp', 'serve', `${name}-${randomBytes(4).toString('hex')}`)
  await mkdir(dir, { recursive: true })
  return dir
}

export interface ServeProcess {
  url: string
  child: ChildProcess
  stdout(): string
  stderr(): string
  /** Sends `signal` and resolves once the process has exited. */
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>
}

/** `node dist/cli.js serve <args>` in `cwd`, with a clean environment plus `env`; resolves once it has printed its first line. */
export function startServe(cwd: string, args: string[], env: Record<string, string | undefined> = {}): Promise<ServeProcess> {
  const child = spawn(process.execPath, [CLI, 'serve', ...args], { cwd, env: childEnv(env), stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stderr!.on('data', (data: Buffer) => (stderr += data.toString()))
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  )
  // A test that fails before stopping it leaves no serve behind (started in a hook, the hook's afterAll stops it).
  try {
    onTestFinished(() => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
    })
  } catch {
    // Not inside a test.
  }
  return new Promise((resolve, reject) => {
    void exited.then(({ code }) => reject(new Error(`serve exited (code ${code}) before listening:\n${stdout}\n${stderr}`)))
    child.stdout!.on('data', (data: Buffer) => {
      const first = stdout === ''
      stdout += data.toString()
      if (!first) return
      const url = /^listening on (\S+)\n/.exec(stdout)?.[1]
      if (!url) return reject(new Error(`serve's first line is not "listening on <url>": ${JSON.stringify(stdout)}`))
      resolve({
        url,
        child,
        stdout: () => stdout,
        stderr: () => stderr,
        async stop(signal = 'SIGTERM') {
          if (child.exitCode === null && child.signalCode === null) child.kill(signal)
          const result = await exited
          return { ...result, stdout, stderr }
        },
      })
    })
  })
}

/** `POST /__llm-cassettes/cassette` (open) or `DELETE` (end), answered as JSON. */
export async function control(url: string, method: 'POST' | 'DELETE', body?: unknown, path = '/__llm-cassettes/cassette') {
  const response = await fetch(`${url}${path}`, { method, ...(body === undefined ? {} : { body: JSON.stringify(body) }) })
  return { status: response.status, json: (await response.json()) as Record<string, any> }
}

/** Every file under `dir/cassettes`, relative to it, sorted, with its text. */
export async function cassetteTexts(dir: string): Promise<Record<string, string>> {
  const root = join(dir, 'cassettes')
  if (!existsSync(root)) return {}
  const entries = await readdir(root, { recursive: true, withFileTypes: true })
  const texts: Record<string, string> = {}
  for (const entry of entries.filter((e) => e.isFile()).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const path = join(entry.parentPath, entry.name)
    texts[relative(root, path)] = await readFile(path, 'utf8')
  }
  return Object.fromEntries(Object.entries(texts).sort(([a], [b]) => (a < b ? -1 : 1)))
}
