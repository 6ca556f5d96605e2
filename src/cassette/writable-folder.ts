import { accessSync, constants, statSync } from 'node:fs'
import { dirname } from 'node:path'
import { CassetteError } from '../errors.js'

/**
 * Why a cassette could not be written at `path`, checked before a call goes live (a recording that cannot be
 * saved costs money for nothing): the nearest existing folder on its way must be a folder, and writable.
 * Undefined when it can be written.
 */
export function unwritableReason(path: string): string | undefined {
  for (let folder = dirname(path); ; folder = dirname(folder)) {
    let isDirectory: boolean
    try {
      isDirectory = statSync(folder).isDirectory()
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code
      // Missing, or below a file: the file is found further up.
      if ((code === 'ENOENT' || code === 'ENOTDIR') && dirname(folder) !== folder) continue
      return `${folder} cannot be read (${code ?? (error as Error).message})`
    }
    if (!isDirectory) return `${folder} is a file, not a folder`
    try {
      accessSync(folder, constants.W_OK)
    } catch {
      return `${folder} is not writable`
    }
    return undefined
  }
}

/** Throws the CassetteError that says the cassette folder cannot be written, naming it and the settings that chose it. */
export function assertWritableFolder(path: string, display: string): void {
  const reason = unwritableReason(path)
  if (reason === undefined) return
  throw new CassetteError(
    `cannot record ${display}: ${reason}. Nothing was sent. Check the cassette folder (LLM_CASSETTES_DIR, the \`dir\` option or the config file).`,
    { code: 'ERR_CASSETTE_DIR', cassettePath: path },
  )
}
