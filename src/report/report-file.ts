import { existsSync, realpathSync } from 'node:fs'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { CassetteError } from '../errors.js'
import { sha256Hex } from '../util/hash.js'
import { isObject } from '../util/is-object.js'
import { parseJsonOrThrow } from '../util/parse-json.js'

/** Totals of one run. */
export interface RunSummary {
  replayed: number
  recorded: number
  /** Obsolete cassette files plus cassettes with obsolete interactions. */
  obsolete: number
  /** Calls that failed with a miss error. */
  missing: number
  /** Calls served from cassettes instead of the API (= replayed). */
  liveCallsSaved: number
  /** `usage.total_tokens` of the replayed calls. */
  tokensSaved: number
  /** Failing tests whose recordings were saved. */
  failedTestsKeptRecordings: number
  /** Obsolete files deleted and cassettes trimmed by this run (`-u`). */
  removed: number
}

/** The run report of one cassette dir, written after every run (see `reportPathOf`); `prune` and `ls` read it. */
export interface CassetteReport {
  /** True when the run was not filtered (`-t`, file patterns, `--shard`, `--project`) nor interrupted, and every test file ran. */
  complete: boolean
  /** Obsolete cassette files, relative to the cassette dir, `/`-separated. */
  obsolete: string[]
  /** Cassettes that are used, mapped to the indexes of their unused interactions. */
  obsoleteInteractions: Record<string, number[]>
  /**
   * `sha256:<hex>` of each listed file as the run judged it, keyed like the lists: `prune` leaves alone a file that
   * changed since (its interaction indexes may point elsewhere now).
   */
  fingerprints?: Record<string, string>
  summary: RunSummary
}

/** Where reports go, as the help texts say it. */
export const REPORT_LOCATION = 'node_modules/.cache/llm-cassettes/report-<hash of the cassette dir>.json'

function realPath(path: string): string {
  try {
    return realpathSync.native(path)
  } catch {
    return path
  }
}

/** `node_modules/.cache/llm-cassettes` in the nearest folder above `dir` that has a node_modules, else the OS temp folder. */
function cacheDirAbove(dir: string): string {
  for (let current = dir; ; current = dirname(current)) {
    if (existsSync(join(current, 'node_modules'))) return join(current, 'node_modules', '.cache', 'llm-cassettes')
    if (dirname(current) === current) return join(tmpdir(), 'llm-cassettes')
  }
}

/**
 * The run report of cassette dir `dir`: run state, kept out of the folder users commit, where the ecosystem keeps
 * such files (Vitest keeps its results under node_modules/.vite, Babel and AVA under node_modules/.cache):
 * `<nearest node_modules above dir>/.cache/llm-cassettes/report-<sha256 of dir's real path, 12 hex>.json`.
 */
export function reportPathOf(dir: string): string {
  const real = realPath(resolve(dir))
  const key = sha256Hex(real).slice(0, 12)
  return join(cacheDirAbove(real), `report-${key}.json`)
}

export async function writeReport(dir: string, report: CassetteReport): Promise<void> {
  const file = reportPathOf(dir)
  await mkdir(dirname(file), { recursive: true })
  await writeFile(file, `${JSON.stringify(report, null, 2)}\n`)
}

export async function writeSummaryJson(file: string, summary: RunSummary): Promise<void> {
  await mkdir(dirname(file), { recursive: true })
  await writeFile(file, `${JSON.stringify(summary, null, 2)}\n`)
}

/** What is wrong with a report's shape, as far as `ls` and `prune` rely on it. */
function shapeProblem(value: unknown): string | undefined {
  if (!isObject(value)) return 'is not an object'
  if (typeof value['complete'] !== 'boolean') return '"complete" must be a boolean'
  const obsolete = value['obsolete']
  if (!Array.isArray(obsolete) || !obsolete.every((path) => typeof path === 'string')) return '"obsolete" must be a list of paths'
  const interactions = value['obsoleteInteractions']
  if (!isObject(interactions)) return '"obsoleteInteractions" must be an object'
  for (const [path, indexes] of Object.entries(interactions)) {
    if (!Array.isArray(indexes) || !indexes.every((index) => Number.isInteger(index))) {
      return `"obsoleteInteractions"[${JSON.stringify(path)}] must be a list of interaction indexes`
    }
  }
  return undefined
}

function corrupt(file: string, problem: string): CassetteError {
  return new CassetteError(`the run report ${file} ${problem}. Delete it and run the tests again to rebuild it.`, {
    code: 'ERR_CASSETTE_REPORT',
  })
}

/** The last run's report, or undefined when there is none. A report that cannot be read is a CassetteError. */
export async function readReport(dir: string): Promise<CassetteReport | undefined> {
  const file = reportPathOf(dir)
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
  const value = parseJsonOrThrow(text, (problem) => corrupt(file, `is ${problem}`))
  const problem = shapeProblem(value)
  if (problem) throw corrupt(file, problem)
  return value as unknown as CassetteReport
}
