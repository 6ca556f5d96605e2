function shellQuote(text: string): string {
  return /^[\w./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/** The command that records one test's cassette (auto mode records what is missing; `-u` re-records all). */
export function vitestRecordCommand(file: string, names: readonly string[]): string {
  const pattern = `${escapeRegExp(names.join(' '))}$`
  return `npx vitest run ${shellQuote(file)} -t ${shellQuote(pattern)}  (add -u to re-record the whole cassette)`
}

/** Jest's `-t` is a regular expression over the describe chain and test name joined by spaces. */
export function jestRecordCommand(file: string, names: readonly string[]): string {
  const pattern = `${escapeRegExp(names.join(' '))}$`
  return `npx jest ${shellQuote(file)} -t ${shellQuote(pattern)}  (add -u to re-record the whole cassette)`
}
