import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'

/** `sha256:<hex>` of the file's bytes, or undefined when the file is gone. */
export async function fingerprintOf(path: string): Promise<string | undefined> {
  let bytes: Buffer
  try {
    bytes = await readFile(path)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`
}
