import { join } from 'node:path'
import { CassetteError } from '../errors.js'
import { loadOnUse } from '../util/load-on-use.js'

/**
 * Every `.json` file under `dir`, at any depth, sorted by path: both layouts (`responses/<hash12>.json` and
 * `<test dir>/recordings/<sha256>.json`) are found from their root or from the folder holding the files.
 */
export async function recordingFiles(dir: string): Promise<string[]> {
  // Loaded here, not at import: wrapping a client with `llamaStackRecordings` reads nothing until the first call.
  const { readdir, stat } = loadOnUse('node:fs/promises') as typeof import('node:fs/promises')
  const info = await stat(dir).catch(() => undefined)
  if (!info?.isDirectory()) {
    throw new CassetteError(`llama-stack recordings directory ${dir} does not exist or is not a directory`, {
      code: 'ERR_CASSETTE_RECORDINGS_DIR',
      cassettePath: dir,
    })
  }
  const entries = await readdir(dir, { recursive: true, withFileTypes: true })
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.json'))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort()
}
