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

/**
 * node:test's `--test-name-pattern`: Node 22 and later also match the suite chain and name joined by spaces, and
 * run a `t.test` subtest only if its parent test matched as well, hence the optional tail; Node 20 matches one
 * name at a time, so only the test's own name can be given. `suiteDepth` is how many leading names are suites.
 */
export function nodeTestRecordCommand(file: string, names: readonly string[], suiteDepth: number, nodeMajor: number): string {
  let pattern: string
  if (nodeMajor >= 22) {
    let tail = ''
    for (let i = names.length - 1; i > suiteDepth; i -= 1) tail = `( ${escapeRegExp(names[i]!)}${tail})?`
    pattern = `^${escapeRegExp(names.slice(0, suiteDepth + 1).join(' '))}${tail}$`
  } else {
    pattern = `^${escapeRegExp(names.at(-1) ?? '')}$`
  }
  // Node 20 has no --test-update-snapshots: the mode it would give is asked for by name.
  const update = nodeMajor >= 22 ? 'add --test-update-snapshots' : 'set LLM_CASSETTES_MODE=update'
  return `node --test --import llm-cassettes/node-test ${shellQuote(`--test-name-pattern=${pattern}`)} ${shellQuote(file)}  (${update} to record only the calls that no longer match; LLM_CASSETTES_MODE=record re-records every call)`
}
