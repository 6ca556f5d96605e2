import { readCassetteFile } from '../cassette/store.js'
import type { Cassette } from '../cassette/types.js'

/** The cassette in `path`, or undefined when the file is gone or is not a cassette (other JSON is never touched). */
export async function readCassetteIfAny(path: string): Promise<Cassette | undefined> {
  try {
    return readCassetteFile(path)
  } catch {
    return undefined
  }
}
