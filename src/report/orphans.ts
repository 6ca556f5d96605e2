import { existsSync } from 'node:fs'
import type { Dirent } from 'node:fs'
import { readdir } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { testFileCassetteDir } from '../cassette/paths.js'
import { readCassetteIfAny } from './cassette-file.js'

const LABEL_SEPARATOR = ' > '

/** Folders under `dir` (not `dir` itself), with the cassette-like files directly in each; hidden entries are skipped. */
async function* foldersOf(dir: string): AsyncGenerator<{ folder: string; files: string[] }> {
  let entries: Dirent[]
  try {
    entries = await readdir(dir, { withFileTypes: true })
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return
    throw error
  }
  for (const entry of entries.filter((entry) => entry.isDirectory() && !entry.name.startsWith('.')).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const folder = join(dir, entry.name)
    const inside = await readdir(folder, { withFileTypes: true })
    const files = inside.filter((file) => file.isFile() && file.name.endsWith('.json') && !file.name.startsWith('.')).map((file) => join(folder, file.name))
    yield { folder, files: files.sort() }
    yield* foldersOf(folder)
  }
}

/**
 * The test file a cassette in `folder` belongs to: its `test` label is `<test file> > <names…>`, and the test
 * file's own cassette folder must be `folder`. Undefined for any other cassette (named with `useCassette()`,
 * moved by hand, written by another tool).
 */
function testFileOf(label: string, dir: string, folder: string): string | undefined {
  for (let at = label.indexOf(LABEL_SEPARATOR); at > 0; at = label.indexOf(LABEL_SEPARATOR, at + 1)) {
    const file = label.slice(0, at)
    if (testFileCassetteDir(dir, file) === folder) return file
  }
  return undefined
}

/**
 * Cassettes of test files that no longer exist (deleted or renamed): in a folder under `dir` that no test file
 * of the run owns, each naming in its `test` label a test file, relative to `root`, that is gone. Only whole
 * runs may ask: a run that skipped a test file cannot tell. Files that are not cassettes are never listed.
 */
export async function findOrphans(dir: string, root: string, owned: ReadonlySet<string>): Promise<string[]> {
  const orphans: string[] = []
  for await (const { folder, files } of foldersOf(dir)) {
    if (owned.has(folder)) continue
    for (const path of files) {
      const cassette = await readCassetteIfAny(path)
      const file = typeof cassette?.test === 'string' ? testFileOf(cassette.test, dir, folder) : undefined
      if (file !== undefined && !existsSync(resolve(root, file))) orphans.push(path)
    }
  }
  return orphans
}
