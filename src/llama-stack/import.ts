import { existsSync } from 'node:fs'
import { mkdir, writeFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import { serializeCassette } from '../cassette/serialize.js'
import { CASSETTE_VERSION } from '../cassette/types.js'
import { CassetteError } from '../errors.js'
import { loadRecordings, type LoadedRecordings } from './load-recordings.js'

export interface ImportOptions {
  /** The cassette's `test` field. Default: `imported from <dirs>`. */
  test?: string
  /** Replace an existing cassette. */
  force?: boolean
}

/**
 * Writes every replayable recording under the directories into one cassette (model lists merged into one
 * `GET /v1/models`, as replay serves them). Returns what was loaded, so the caller can report what was not.
 */
export async function importFromLlamaStack(dirs: readonly string[], cassettePath: string, options: ImportOptions = {}): Promise<LoadedRecordings> {
  if (existsSync(cassettePath) && !options.force) {
    throw new CassetteError(`${cassettePath} exists; pass --force to replace it`, { code: 'ERR_CASSETTE_EXISTS', cassettePath })
  }
  const loaded = await loadRecordings(dirs)
  const cassette = {
    version: CASSETTE_VERSION,
    test: options.test ?? `imported from ${dirs.join(', ')}`,
    interactions: loaded.replayable.map((entry) => entry.interaction),
  } as const
  await mkdir(dirname(cassettePath), { recursive: true })
  await writeFile(cassettePath, serializeCassette(cassette))
  return loaded
}
