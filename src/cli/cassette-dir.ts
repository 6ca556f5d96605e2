import { readdir, stat } from 'node:fs/promises'
import { join, relative, resolve, sep } from 'node:path'
import { withCassetteBytes } from '../cassette/read-file.js'
import { CassetteError } from '../errors.js'
import { tryParseJson } from '../util/parse-json.js'
import { DIR_ENV_VAR, resolveSettings } from '../settings/resolve.js'

/** The directory a command works on: its argument, else the project's (`LLM_CASSETTES_DIR`, its config file, `cassettes`), from the cwd. */
export function cassetteDir(argument: string | undefined): string {
  return argument === undefined ? resolveSettings(process.cwd()).dir : resolve(argument)
}

/** A path relative to `from`, with `/` separators whatever the platform, as cassette paths are written. */
export function relativePath(from: string, path: string): string {
  return relative(from, path).split(sep).join('/') || '.'
}

export interface JsonFile {
  path: string
  /** Relative to the cassette directory. */
  name: string
  /** Valid only while the file is visited: a command that keeps them copies them. */
  bytes: Buffer
}

async function walk(dir: string, found: string[]): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true })
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) await walk(path, found)
    else if (entry.isFile() && entry.name.endsWith('.json')) found.push(path)
  }
}

/**
 * Calls `visit` with every `*.json` under `dir`, at any depth, in path order, each read as the walk reaches it
 * (through the cassette reader, whose buffer the next read reuses: `visit` keeps no bytes). A missing directory
 * is a CassetteError.
 */
export async function forEachJsonFile(dir: string, visit: (file: JsonFile) => void): Promise<void> {
  const info = await stat(dir).catch(() => undefined)
  if (!info?.isDirectory()) {
    throw new CassetteError(`no cassette directory at ${relativePath(process.cwd(), dir)} (pass one, or set ${DIR_ENV_VAR})`, {
      code: 'ERR_CASSETTE_DIR',
    })
  }
  const paths: string[] = []
  await walk(dir, paths)
  for (const path of paths) {
    // Gone since the walk: nothing to list. The name is made only for a command that shows it.
    withCassetteBytes(path, (bytes) =>
      visit({
        path,
        get name() {
          return relativePath(dir, path)
        },
        bytes,
      }),
    )
  }
}

/**
 * Whether parsed JSON claims to be a cassette. `strict`: has `version` and an `interactions` array (what `ls`
 * lists); otherwise any `interactions` key counts (what `verify` checks, so a damaged cassette is not skipped).
 */
export function looksLikeCassette(value: unknown, strict: boolean): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false
  if (!('interactions' in value)) return false
  return !strict || ('version' in value && Array.isArray(value.interactions))
}

/** The file's JSON, or undefined when it is not JSON at all. */
export function parseJsonFile(bytes: Buffer): unknown {
  return tryParseJson(bytes.toString('utf8'))
}
