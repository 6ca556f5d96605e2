import { readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { readCassetteIfAny } from './cassette-file.js'

/** How the tests of one test file that ran in full used the cassettes in its folder. */
export interface TestFileUse {
  /** `<dir>/<test file>/`: where the file's own cassettes live. */
  cassetteDir: string
  /** Cassettes that stay whole: of skipped, todo and failed tests, tests run live, shared cassettes. */
  kept: ReadonlySet<string>
  /** Cassettes passing tests read, mapped to the indexes of the interactions no call used. */
  used: ReadonlyMap<string, readonly number[]>
}

export interface Obsolete {
  /** Absolute paths of cassette files no test used. */
  files: string[]
  /** Absolute paths of used cassettes, mapped to their unused interactions. */
  interactions: Map<string, number[]>
}

async function jsonFilesIn(dir: string): Promise<string[]> {
  try {
    const entries = await readdir(dir, { withFileTypes: true })
    return entries
      .filter((entry) => entry.isFile() && entry.name.endsWith('.json') && !entry.name.startsWith('.'))
      .map((entry) => join(dir, entry.name))
      .sort()
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw error
  }
}

/** Cassette files and interactions the test files that ran in full no longer use. Files that are not cassettes are ignored. */
export async function findObsolete(files: readonly TestFileUse[]): Promise<Obsolete> {
  const obsolete: Obsolete = { files: [], interactions: new Map() }
  for (const file of files) {
    for (const path of await jsonFilesIn(file.cassetteDir)) {
      if (file.kept.has(path)) continue
      const unused = file.used.get(path)
      if (unused?.length === 0) continue
      const cassette = await readCassetteIfAny(path)
      if (!cassette) continue
      // Calls recorded by this run were appended after the interactions that were read, so they are never in `unused`.
      if (unused === undefined || unused.length >= cassette.interactions.length) obsolete.files.push(path)
      else obsolete.interactions.set(path, [...unused])
    }
  }
  return obsolete
}
