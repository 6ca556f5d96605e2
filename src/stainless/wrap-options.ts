import { resolve } from 'node:path'
import { CassetteError } from '../errors.js'
import { lazyRecordingsPlayer } from '../llama-stack/recordings-player.js'
import { checkIgnoreRules, type IgnoreRules } from '../match/ignore.js'
import { parseMode, type Mode } from '../mode.js'
import { createRedactor, type RedactOption } from '../safety/redaction.js'
import { loadOnUse } from '../util/load-on-use.js'
import type { TransportConfig } from './transport.js'

/** The options of `wrapOpenAI(client, options)` and `wrapAnthropic(client, options)`. */
export interface WrapOptions {
  /**
   * Hides values from the cassette: response header names, query parameter names, JSON paths in bodies, or a
   * function. Applied the same way to the stored request and to the request that is matched, so replay keeps
   * working; what the code under test receives is never changed. Adds to the runner's `redact` setting.
   */
  redact?: RedactOption
  /** Exact strings that look like keys but are not (e.g. a fixture's fake key), so the secret guard lets them through. */
  allowedSecrets?: readonly string[]
  /**
   * Directories of llama-stack recordings (either layout, searched at any depth). Replay consults them after
   * the test's own cassette; recording still writes only the test's cassette. Relative to the working directory.
   */
  llamaStackRecordings?: string | readonly string[]
  /**
   * What matching leaves out for this client's calls: JSON paths in the request body (`body.metadata.trace_id`),
   * query parameters, and whether the built-in volatile values (timestamps, UUIDs, ids from earlier replayed
   * responses) are left out (`volatile: false` turns them off). Adds to the runner's `ignore` setting.
   */
  ignore?: IgnoreRules
  /**
   * The mode for calls made outside any test (a plain Node script). Only `replay`, which serves them from
   * `llamaStackRecordings`, and `live` are possible there. Inside a test the runner's mode applies.
   */
  mode?: Mode
}

function recordingDirs(option: WrapOptions['llamaStackRecordings']): string[] {
  const dirs = option === undefined ? [] : typeof option === 'string' ? [option] : [...option]
  if (dirs.length === 0) return []
  // `require`d: an ES module's `import` of node:fs builds its namespace, whose getters load node:fs/promises and node:stream (~3 ms).
  const { statSync } = loadOnUse('node:fs') as typeof import('node:fs')
  return dirs.map((dir) => {
    const absolute = resolve(dir)
    if (!statSync(absolute, { throwIfNoEntry: false })?.isDirectory()) {
      throw new CassetteError(`llama-stack recordings directory ${dir} (${absolute}) does not exist or is not a directory`, {
        code: 'ERR_CASSETTE_RECORDINGS_DIR',
        cassettePath: absolute,
      })
    }
    return absolute
  })
}

/** Checks the options once, when wrapping, so a bad one fails there rather than at the first call. */
export function transportConfig(options: WrapOptions, wrapFunction: string): TransportConfig {
  if (options.redact !== undefined) createRedactor([options.redact])
  const dirs = recordingDirs(options.llamaStackRecordings)
  const config: TransportConfig = { redact: options.redact, allowedSecrets: options.allowedSecrets ?? [] }
  if (options.ignore !== undefined) config.ignore = checkIgnoreRules(options.ignore, wrapFunction)
  if (options.mode !== undefined) config.outsideMode = parseMode(options.mode, `The \`mode\` option of ${wrapFunction}`)
  if (dirs.length > 0) config.recordings = { load: lazyRecordingsPlayer(dirs), where: dirs.join(', ') }
  return config
}
