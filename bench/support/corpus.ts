import { readdir, stat } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { REPO_ROOT } from './workspace.js'

/** The shared llama-stack recordings: `../shared/corpus` beside the repository, or `BENCH_CORPUS_DIR`. */
export function corpusDir(): string {
  return process.env.BENCH_CORPUS_DIR ?? resolve(REPO_ROOT, '..', 'shared', 'corpus')
}

/** The largest recording (`.json` file) under the corpus, by size on disk. */
export async function largestRecording(dir = corpusDir()): Promise<{ path: string; size: number }> {
  let largest: { path: string; size: number } | undefined
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.json')) continue
    const path = join(entry.parentPath, entry.name)
    const { size } = await stat(path)
    if (!largest || size > largest.size) largest = { path, size }
  }
  if (!largest) throw new Error(`no .json recording under ${dir}`)
  return largest
}
