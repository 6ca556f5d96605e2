import { unlink } from 'node:fs/promises'
import type { CassetteStore } from '../cassette/store.js'
import { readCassetteIfAny } from './cassette-file.js'

export interface Removal {
  path: string
  /** `deleted` the whole file; `trimmed` the listed interactions out of it. */
  action: 'deleted' | 'trimmed'
  interactions?: number[]
}

/**
 * Deletes obsolete cassette files and removes unused interactions from the others (under the cassette lock).
 * A file that does not parse as a cassette is left alone. `dryRun` only lists what would be done.
 */
export async function removeObsolete(
  files: readonly string[],
  interactions: ReadonlyMap<string, readonly number[]>,
  store: CassetteStore,
  { dryRun = false }: { dryRun?: boolean } = {},
): Promise<Removal[]> {
  const removals: Removal[] = []
  for (const path of files) {
    if (!(await readCassetteIfAny(path))) continue
    if (!dryRun) await unlink(path)
    removals.push({ path, action: 'deleted' })
  }
  for (const [path, indexes] of interactions) {
    if (!(await readCassetteIfAny(path))) continue
    const drop = new Set(indexes)
    if (!dryRun) {
      await store.update(path, (current) => current && { ...current, interactions: current.interactions.filter((_, index) => !drop.has(index)) })
    }
    removals.push({ path, action: 'trimmed', interactions: [...indexes] })
  }
  return removals
}
