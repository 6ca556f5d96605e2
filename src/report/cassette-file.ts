import { readFile } from 'node:fs/promises'
import { parseCassette } from '../cassette/serialize.js'
import type { Cassette } from '../cassette/types.js'

/** The cassette in `path`, or undefined when the file is gone or is not a cassette (other JSON is never touched). */
export async function readCassetteIfAny(path: string): Promise<Cassette | undefined> {
  try {
    return parseCassette(await readFile(path), path)
  } catch {
    return undefined
  }
}
