import type { WireFormat } from '../cassette/wire-format.js'
import { isObject } from '../util/is-object.js'
import { tryParseJson } from '../util/parse-json.js'

/** A body of one JSON value per line (JSONL: batch results, files), stored line by line, each typed as the format types a body. */
export const JSON_LINES_TYPE = 'llm_cassettes.JsonLines'

interface StoredJsonLines {
  content_type: string
  lines: unknown[]
  /** False when the body did not end with a newline; absent when it did. */
  final_newline?: false
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true })

function decodeUtf8(bytes: Uint8Array): string | undefined {
  try {
    return strictUtf8.decode(bytes)
  } catch {
    return undefined
  }
}

/**
 * The body as typed lines, when every line is a JSON object or array written exactly as `JSON.stringify` writes
 * it, so replay gives back the same bytes; otherwise undefined (the body is kept some other way).
 */
export function encodeJsonLines(format: WireFormat, endpoint: string, contentType: string, bytes: Uint8Array): unknown {
  const text = decodeUtf8(bytes)
  if (text === undefined || text.trim() === '') return undefined
  const finalNewline = text.endsWith('\n')
  const rows = (finalNewline ? text.slice(0, -1) : text).split('\n')
  const values: unknown[] = []
  for (const row of rows) {
    const value = tryParseJson(row)
    if (typeof value !== 'object' || value === null || JSON.stringify(value) !== row) return undefined
    values.push(value)
  }
  const data: StoredJsonLines = { content_type: contentType, lines: values.map((value) => format.encodeBody(endpoint, value)) }
  if (!finalNewline) data.final_newline = false
  return { __type__: JSON_LINES_TYPE, __data__: data }
}

/** The bytes {@link encodeJsonLines} stored, or undefined for any other stored body. */
export function decodeJsonLines(format: WireFormat, endpoint: string, stored: unknown): { body: string; contentType: string } | undefined {
  if (!isObject(stored) || stored['__type__'] !== JSON_LINES_TYPE || !isObject(stored['__data__'])) return undefined
  const data = stored['__data__']
  const lines = Array.isArray(data['lines']) ? data['lines'] : []
  const text = lines.map((line) => JSON.stringify(format.decodeBody(endpoint, line))).join('\n')
  return {
    body: data['final_newline'] === false ? text : `${text}\n`,
    contentType: typeof data['content_type'] === 'string' ? data['content_type'] : 'application/jsonl',
  }
}
