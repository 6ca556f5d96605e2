import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { REPO_ROOT } from './workspace.js'

const VITEST_BIN = join(REPO_ROOT, 'node_modules', 'vitest', 'vitest.mjs')
/** What a parent test run, CI or the shell sets that must not change a benchmark run. */
const INHERITED_NOISE = /^(VITEST|CI$|CONTINUOUS_INTEGRATION$|GITHUB_|NODE_ENV$|OPENAI_|LLM_CASSETTES_)/

export interface VitestRun {
  code: number | null
  output: string
  /** Wall time of the whole `vitest run` process, in milliseconds. */
  wall: number
}

/** `vitest run --config <config> ...args` in `cwd`, with a clean environment plus `env`. */
export function runVitest(cwd: string, config: string, env: Record<string, string>, args: readonly string[] = []): Promise<VitestRun> {
  const childEnv: NodeJS.ProcessEnv = { FORCE_COLOR: '0', NO_COLOR: '1' }
  for (const [key, value] of Object.entries(process.env)) if (!INHERITED_NOISE.test(key)) childEnv[key] = value
  Object.assign(childEnv, env)
  return new Promise((resolve, reject) => {
    const start = performance.now()
    const child = spawn(process.execPath, [VITEST_BIN, 'run', '--config', config, ...args], { cwd, env: childEnv })
    let output = ''
    child.stdout.on('data', (data: Buffer) => (output += data.toString()))
    child.stderr.on('data', (data: Buffer) => (output += data.toString()))
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, output, wall: performance.now() - start }))
  })
}
