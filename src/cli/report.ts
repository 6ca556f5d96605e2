import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { CassetteError } from '../errors.js'

export const REPORT_FILE = '.llm-cassettes-report.json'

/** What the last test run left in `<dir>/.llm-cassettes-report.json`: which cassettes it did not use. */
export interface RunReport {
  /** False when the run did not reach every test (a filter, a bail), so unlisted cassettes may still be unused. */
  complete: boolean
  /** Cassettes no test used, relative to the cassette directory. */
  obsolete: string[]
  /** For cassettes that were used: the indexes of the interactions no request replayed. */
  obsoleteInteractions: Record<string, number[]>
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

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

/** The last run's report in `dir`, or undefined when there is none. A report that cannot be read is a CassetteError. */
export async function readRunReport(dir: string): Promise<RunReport | undefined> {
  const file = join(dir, REPORT_FILE)
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    throw corrupt(file, `is not valid JSON (${(error as Error).message})`)
  }
  const problem = shapeProblem(value)
  if (problem) throw corrupt(file, problem)
  return value as RunReport
}

function corrupt(file: string, problem: string): CassetteError {
  return new CassetteError(`the run report ${file} ${problem}. Delete it and run the tests again to rebuild it.`, {
    code: 'ERR_CASSETTE_REPORT',
  })
}
