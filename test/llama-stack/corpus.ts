import { readdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { REPO_ROOT } from '../support/fixture-project.js'

/** The shared reference recordings (read-only, never copied into the repository). */
export const CORPUS = resolve(REPO_ROOT, '..', 'shared', 'corpus')
export const AUG_2025 = join(CORPUS, 'llama-stack-2025-08')

/** Every `.json` file under `dir`, sorted by path (the order the recordings player uses). */
export function jsonFilesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.json'))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort()
}

/** True when the JSON text holds a number written as an integral float (`0.0`, `1.0`), outside strings. */
export function hasIntegralFloat(text: string): boolean {
  for (const match of text.matchAll(/"(?:[^"\\]|\\.)*"|-?\d+(\.\d+)?([eE][+-]?\d+)?/g)) {
    if (match[1] !== undefined && match[2] === undefined && /^\.0+$/.test(match[1])) return true
  }
  return false
}
