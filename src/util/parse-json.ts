/** The value `text` holds, or undefined when it is not JSON. */
export function tryParseJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

/** The value `text` holds; when it is not JSON, throws what `fail` makes of `not valid JSON (<the parser's message>)`. */
export function parseJsonOrThrow(text: string, fail: (problem: string) => Error): unknown {
  try {
    return JSON.parse(text)
  } catch (error) {
    throw fail(`not valid JSON (${(error as Error).message})`)
  }
}
