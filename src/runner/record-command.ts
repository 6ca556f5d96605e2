function shellQuote(text: string): string {
  return /^[\w./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/** Said after the command: what `-u` does, and how to re-record everything instead. */
const UPDATE_NOTE = '(-u records only the calls that no longer match; LLM_CASSETTES_MODE=record re-records every call)'

/**
 * The command that records one test's cassette: `-u` (mode `update`) replays what still matches and records
 * what changed or is new, leaving the cassette exactly the test's calls. `names` may end before the test name
 * (a describe's hooks): the pattern then matches every test below it.
 */
export function vitestRecordCommand(file: string, names: readonly string[], { whole = true }: { whole?: boolean } = {}): string {
  const pattern = `${escapeRegExp(names.join(' '))}${whole ? '$' : ''}`
  const filter = names.length > 0 ? ` -t ${shellQuote(pattern)}` : ''
  return `npx vitest run ${shellQuote(file)}${filter} -u  ${UPDATE_NOTE}`
}

/** Jest's `-t` is a regular expression over the describe chain and test name joined by spaces. */
export function jestRecordCommand(file: string, names: readonly string[], { whole = true }: { whole?: boolean } = {}): string {
  const pattern = `${escapeRegExp(names.join(' '))}${whole ? '$' : ''}`
  const filter = names.length > 0 ? ` -t ${shellQuote(pattern)}` : ''
  return `npx jest ${shellQuote(file)}${filter} -u  ${UPDATE_NOTE}`
}
