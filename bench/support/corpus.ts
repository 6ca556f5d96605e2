import { existsSync } from 'node:fs'
import { readdir, stat } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { BenchSetupError } from './setup-error.js'
import { REPO_ROOT } from './workspace.js'

/** The shared llama-stack recordings: `BENCH_CORPUS_DIR`, else `LLM_CASSETTES_CORPUS` (as the tests), else `../shared/corpus`. */
export function corpusDir(): string {
  return resolve(REPO_ROOT, process.env.BENCH_CORPUS_DIR || process.env.LLM_CASSETTES_CORPUS || join('..', 'shared', 'corpus'))
}

/** The largest recording (`.json` file) under the corpus, by size on disk. */
export async function largestRecording(dir = corpusDir()): Promise<{ path: string; size: number }> {
  if (!existsSync(dir)) {
    throw new BenchSetupError(
      `there is no llama-stack corpus at ${dir}: point BENCH_CORPUS_DIR (or LLM_CASSETTES_CORPUS) at it ` +
        '(test/fixtures/llama-stack-recordings/README.md says where it comes from), or run the other measures: npm run bench -- 1 2 3 4 5',
    )
  }
  let largest: { path: string; size: number } | undefined
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.json')) continue
    const path = join(entry.parentPath, entry.name)
    const { size } = await stat(path)
    if (!largest || size > largest.size) largest = { path, size }
  }
  if (!largest) throw new BenchSetupError(`no .json recording under ${dir}`)
  return largest
}
