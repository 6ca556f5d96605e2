import { isUtf8 } from 'node:buffer'
import { readCassetteBytes } from '../cassette/read-file.js'
import { checkParsedCassette, parseCassette } from '../cassette/serialize.js'
import type { Cassette } from '../cassette/types.js'
import { CassetteError } from '../errors.js'
import { looksLikeCassette, parseJsonFile } from './cassette-dir.js'

function notACassette(file: string, why: string): CassetteError {
  return new CassetteError(`${file} ${why}`, { code: 'ERR_NOT_A_CASSETTE', cassettePath: file })
}

/** Reads one cassette named on the command line; anything else is a CassetteError naming the file. */
export async function loadCassette(file: string): Promise<Cassette> {
  // Checked with fstat before reading: a directory, a FIFO or a device is an error naming it, never a hang.
  const bytes = readCassetteBytes(file)
  if (bytes === undefined) throw notACassette(file, 'does not exist')
  const value = parseJsonFile(bytes)
  // Valid JSON of another kind gets a plain answer rather than parseCassette's first missing field.
  if (value !== undefined && !looksLikeCassette(value, false)) {
    throw notACassette(file, 'is not a cassette: it has no "interactions"')
  }
  return parseCassetteOnce(bytes, file, value)
}

/**
 * parseCassette(bytes, file) for bytes whose JSON the caller has already: `parsed` (undefined when they are not
 * JSON). Valid UTF-8 is not parsed twice; anything else gets parseCassette's own answer.
 */
export function parseCassetteOnce(bytes: Buffer, file: string, parsed: unknown): Cassette {
  return parsed !== undefined && isUtf8(bytes) ? checkParsedCassette(parsed, file) : parseCassette(bytes, file)
}
