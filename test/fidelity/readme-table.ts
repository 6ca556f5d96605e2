import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { expect } from 'vitest'
import { REPO_ROOT } from '../support/fixture-project.js'
import { currentCompatTable, renderCompatTable, replaceCompatTable, type CompatResults } from './compat-table.js'
import { MAJORS } from './run-fidelity.js'

/**
 * The README's table must be exactly what this run produced: generated, never typed by hand.
 * `UPDATE_COMPAT_TABLE=1` (via `npm run compat`) writes it instead of checking it.
 */
export async function expectReadmeTable(table: string, results: CompatResults): Promise<void> {
  const path = join(REPO_ROOT, 'README.md')
  const readme = await readFile(path, 'utf8')
  const rendered = renderCompatTable(table, results, MAJORS.map(({ major }) => major))
  if (process.env.UPDATE_COMPAT_TABLE) await writeFile(path, replaceCompatTable(readme, table, rendered))
  else expect(currentCompatTable(readme, table), `the README compatibility table "${table}" is stale: run \`npm run compat\``).toBe(rendered)
}
