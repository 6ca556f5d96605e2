import { readFile } from 'node:fs/promises'
import { sha256Hex } from '../util/hash.js'

/** `sha256:<hex>` of the file's bytes, or undefined when the file is gone. */
export async function fingerprintOf(path: string): Promise<string | undefined> {
  let bytes: Buffer
  try {
    bytes = await readFile(path)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
  return `sha256:${sha256Hex(bytes)}`
}
