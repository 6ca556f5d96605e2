import { existsSync, readdirSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'
import { REPO_ROOT } from '../support/fixture-project.js'

/** A sample of real llama-stack recordings kept in the repository, one or two per shape (see its README.md). */
export const FIXTURE_RECORDINGS = join(REPO_ROOT, 'test', 'fixtures', 'llama-stack-recordings')

export const CORPUS_ENV_VAR = 'LLM_CASSETTES_CORPUS'

/** Where the full reference corpus is looked for: `$LLM_CASSETTES_CORPUS`, else `../shared/corpus` beside the repository. */
export const CORPUS_PATH = resolve(REPO_ROOT, process.env[CORPUS_ENV_VAR] || join('..', 'shared', 'corpus'))

function findCorpus(): string | undefined {
  if (existsSync(CORPUS_PATH)) return CORPUS_PATH
  // Asked for by name: its absence is a mistake to report, not a reason to skip.
  if (process.env[CORPUS_ENV_VAR]) throw new Error(`${CORPUS_ENV_VAR}=${process.env[CORPUS_ENV_VAR]}: no such directory (${CORPUS_PATH})`)
  return undefined
}

/** The full reference corpus (read-only, never copied into the repository), or undefined when it is not there. */
export const FULL_CORPUS = findCorpus()

/** The name of every describe block over the full corpus: the run's one skip line counts the tests under it. */
export const FULL_CORPUS_LABEL = 'full llama-stack corpus'

/** The one line a run prints when it skipped the tests over the full corpus. */
export function corpusSkipLine(skipped: number): string {
  return (
    `[corpus] ${skipped} test(s) over the ${FULL_CORPUS_LABEL} skipped: nothing at ${relative(process.cwd(), CORPUS_PATH) || '.'}; ` +
    `set ${CORPUS_ENV_VAR}=<dir> to run them (test/fixtures/llama-stack-recordings/README.md says where it comes from)`
  )
}

export interface RecordingSet {
  /** The describe block's name. */
  label: string
  /** Undefined for the full corpus when it is absent: the block is skipped. */
  root: string | undefined
  /** The Aug 2025 layout inside it. */
  aug2025: string | undefined
}

const set = (label: string, root: string | undefined): RecordingSet => ({ label, root, aug2025: root && join(root, 'llama-stack-2025-08') })

/** What a test over real recordings runs on: always the fixture set; the full corpus where it is present. */
export const RECORDING_SETS: readonly RecordingSet[] = [set('fixture recordings', FIXTURE_RECORDINGS), set(FULL_CORPUS_LABEL, FULL_CORPUS)]

/** Every `.json` file under `dir`, sorted by path (the order the recordings player uses); none when `dir` is undefined. */
export function jsonFilesUnder(dir: string | undefined): string[] {
  if (dir === undefined) return []
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.json'))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort()
}

/** True when the JSON text holds a number written as an integral float (`0.0`, `1.0`), outside strings. */
export function hasIntegralFloat(text: string): boolean {
  for (const match of text.matchAll(/"(?:[^"\\]|\\.)*"|-?\d+(\.\d+)?([eE][+-]?\d+)?/g)) {
    if (match[1] !== undefined && match[2] === undefined && /^\.0+$/.test(match[1])) return true
  }
  return false
}

/** Whether a recording's request holds an integral float; Python indented the file, so the request is all before `"response"`. */
export function requestHasIntegralFloat(text: string): boolean {
  return hasIntegralFloat(text.slice(0, text.indexOf('\n  "response":')))
}
