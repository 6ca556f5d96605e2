import { CassetteError } from '../errors.js'
import { isObject } from '../util/is-object.js'
import { loadOnUse } from '../util/load-on-use.js'
import { parseJsonOrThrow } from '../util/parse-json.js'

/**
 * One llama-stack recording file, exactly as stored: typed values stay `{"__type__", "__data__"}` whatever
 * their type (OpenAI, Ollama, llama-stack's own, unknown), untyped bodies (Vertex, raw HTTP JSON, SSE lines)
 * stay plain data. Only `request` and `response` are required; every other key is kept.
 */
export interface LlamaStackRecording {
  request: Record<string, unknown>
  response: Record<string, unknown> & { body?: unknown; is_streaming?: boolean; is_exception?: boolean }
  /** 2026 layout: the pytest node id of the test that recorded it (null for shared recordings). */
  test_id?: string | null
  /** 2026 layout: original response id → `rec-<hash12>`. */
  id_normalization_mapping?: Record<string, string>
  [extra: string]: unknown
}

/** Parses one recording's text; a CassetteError names the file and what is wrong. */
export function parseRecording(text: string, file: string): LlamaStackRecording {
  const value = parseJsonOrThrow(
    text,
    (problem) => new CassetteError(`${file} is not a llama-stack recording: ${problem}`, { code: 'ERR_CASSETTE_PARSE', cassettePath: file }),
  )
  const missing = ['request', 'response'].filter((key) => !isObject(isObject(value) ? value[key] : undefined))
  if (missing.length > 0) {
    throw new CassetteError(`${file} is not a llama-stack recording: ${missing.map((key) => `"${key}"`).join(' and ')} missing or not an object`, {
      code: 'ERR_CASSETTE_FORMAT',
      cassettePath: file,
    })
  }
  return value as LlamaStackRecording
}

/** Reads one llama-stack recording file of either layout, of any provider, as plain data. */
export async function readRecording(path: string): Promise<LlamaStackRecording> {
  let text: string
  try {
    // node:fs/promises (~2 ms to load, with the readline and watcher modules it needs) when a recording is read, not at import.
    const { readFile } = loadOnUse('node:fs/promises') as typeof import('node:fs/promises')
    text = await readFile(path, 'utf8')
  } catch (error) {
    throw new CassetteError(`cannot read llama-stack recording ${path}: ${(error as Error).message}`, {
      code: 'ERR_CASSETTE_READ',
      cassettePath: path,
      cause: error,
    })
  }
  return parseRecording(text, path)
}
