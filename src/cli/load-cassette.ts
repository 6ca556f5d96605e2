import { readFile } from 'node:fs/promises'
import { parseCassette } from '../cassette/serialize.js'
import type { Cassette } from '../cassette/types.js'
import { CassetteError } from '../errors.js'
import { looksLikeCassette, tryParseJson } from './cassette-dir.js'

function notACassette(file: string, why: string): CassetteError {
  return new CassetteError(`${file} ${why}`, { code: 'ERR_NOT_A_CASSETTE', cassettePath: file })
}

/** Reads one cassette named on the command line; anything else is a CassetteError naming the file. */
export async function loadCassette(file: string): Promise<Cassette> {
  let bytes: Buffer
  try {
    bytes = await readFile(file)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    // ENOTDIR: a folder on the way is a file, e.g. the test file in `test/chat.test.ts/answers.json` from the wrong folder.
    if (code === 'ENOENT' || code === 'ENOTDIR') throw notACassette(file, 'does not exist')
    if (code === 'EISDIR') throw notACassette(file, 'is a directory, not a cassette (use `llm-cassettes ls` for a directory)')
    throw notACassette(file, `cannot be read (${code ?? (error as Error).message})`)
  }
  const value = tryParseJson(bytes)
  // Valid JSON of another kind gets a plain answer rather than parseCassette's first missing field.
  if (value !== undefined && !looksLikeCassette(value, false)) {
    throw notACassette(file, 'is not a cassette: it has no "interactions"')
  }
  return parseCassette(bytes, file)
}
