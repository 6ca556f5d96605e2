import { stableJson } from '../cassette/stable-json.js'
import { isTypedValue, typed } from '../cassette/typed-value.js'
import { tryParseJson } from '../util/parse-json.js'
import { STREAM_LINE_TYPE } from './raw-bodies.js'

/**
 * One line of a newline-delimited JSON stream as stored: the line's exact text, so it replays byte for byte (a
 * cassette sorts the keys of the JSON it holds, which would reorder them); or its JSON value, where that value
 * written compactly with sorted keys is the line.
 */
export function streamLineChunk(line: string): unknown {
  const json = line.endsWith('\n') ? tryParseJson(line.slice(0, -1)) : undefined
  if (json !== undefined && `${stableJson(json)}\n` === line && !isTypedValue(json)) return json
  return typed(STREAM_LINE_TYPE, { text: line })
}

/** The exact text of a stored line. */
export function streamLineText(chunk: unknown): string {
  if (isTypedValue(chunk) && chunk.__type__ === STREAM_LINE_TYPE) return String((chunk.__data__ as { text?: unknown }).text ?? '')
  return `${JSON.stringify(chunk)}\n`
}
