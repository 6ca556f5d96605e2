import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { expect } from 'vitest'
import { REPO_ROOT } from '../support/fixture-project.js'
import { currentCompatTable, renderCompatTable, replaceCompatTable, type CompatColumn, type CompatResults } from './compat-table.js'
import { MAJORS } from './run-fidelity.js'

/**
 * The table in the docs must be exactly what this run produced: generated, never typed by hand.
 * `UPDATE_COMPAT_TABLE=1` (via `npm run compat`) writes it instead of checking it. `file` is relative to the repository.
 */
export async function expectDocTable(file: string, table: string, results: CompatResults, columns: readonly CompatColumn[]): Promise<void> {
  const path = join(REPO_ROOT, file)
  const text = await readFile(path, 'utf8')
  const rendered = renderCompatTable(table, results, columns)
  if (process.env.UPDATE_COMPAT_TABLE) await writeFile(path, replaceCompatTable(text, table, rendered, file))
  else expect(currentCompatTable(text, table), `the ${file} compatibility table "${table}" is stale: run \`npm run compat\``).toBe(rendered)
}

/** The README's tables, one column per openai major. */
export function expectReadmeTable(table: string, results: CompatResults): Promise<void> {
  return expectDocTable('README.md', table, results, MAJORS.map(({ major }) => ({ key: major, label: `openai ${major}` })))
}
