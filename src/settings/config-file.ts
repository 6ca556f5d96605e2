import type { LilconfigResult } from 'lilconfig'
import { loadOnUse } from '../util/load-on-use.js'
import { parseJsonOrThrow } from '../util/parse-json.js'
import { checkOptions, optionError, type CassettesOptions } from './options.js'

/** The name the package.json key and the files go by, as in cosmiconfig-style tools (Prettier, ESLint, …). */
const NAME = 'llm-cassettes'

/** Where the settings may be, in the project root, first found wins. JSON only: they travel to workers as JSON. */
export const CONFIG_FILES = ['package.json', `.${NAME}rc.json`, `${NAME}.config.json`] as const

/** lilconfig's own JSON loader is `require`, which caches: a file edited during a run would not be read again. */
function loadJson(path: string, content: string): unknown {
  return parseJsonOrThrow(content.replace(/^\uFEFF/, ''), (problem) => new Error(`${path} is ${problem}`))
}

export interface ConfigFile {
  /** Absolute path of the file the settings came from. */
  path: string
  options: CassettesOptions
}

/** The settings in the project root's config file (`"llm-cassettes"` in package.json, `llm-cassettes.config.json`, …), if any. */
export function readConfigFile(root: string): ConfigFile | undefined {
  let found: LilconfigResult
  try {
    // Loaded when a process reads the settings (a Vitest worker gets them from the plugin and never does).
    const { lilconfigSync } = loadOnUse('lilconfig') as typeof import('lilconfig')
    found = lilconfigSync(NAME, { searchPlaces: [...CONFIG_FILES], stopDir: root, cache: false, loaders: { '.json': loadJson } }).search(root)
  } catch (error) {
    throw optionError(`${NAME} settings`, (error as Error).message)
  }
  if (!found || found.isEmpty) return undefined
  const source = found.filepath.endsWith('package.json') ? `"${NAME}" in ${found.filepath}` : found.filepath
  return { path: found.filepath, options: checkOptions(found.config, source) }
}
