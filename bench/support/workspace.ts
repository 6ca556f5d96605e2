import { randomBytes } from 'node:crypto'
import { mkdir, rm } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..')

/** A scratch folder under the repository's `.tmp/` (git-ignored), so `openai` and `vitest` resolve from here. */
export async function withWorkspace<T>(name: string, body: (dir: string) => Promise<T>): Promise<T> {
  const dir = join(REPO_ROOT, '.tmp', `bench-${name}-${randomBytes(4).toString('hex')}`)
  await mkdir(dir, { recursive: true })
  try {
    return await body(dir)
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}
