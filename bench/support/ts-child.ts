import { spawn } from 'node:child_process'
import { REPO_ROOT } from './workspace.js'

export interface ChildResult {
  code: number | null
  stdout: string
  stderr: string
}

/** Runs a TypeScript file of bench/ in a fresh Node process (`--expose-gc`, through tsx) and collects its output. */
export function runTsChild(script: string, args: readonly string[]): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', script, ...args], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (data: Buffer) => (stdout += data.toString()))
    child.stderr.on('data', (data: Buffer) => (stderr += data.toString()))
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, stdout, stderr }))
  })
}
