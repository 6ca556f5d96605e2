import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { expect } from 'vitest'
import { REPO_ROOT } from '../support/fixture-project.js'
import { currentCompatTable, renderCompatTable, replaceCompatTable, type CompatColumn, type CompatResults } from './compat-table.js'

export const COMPATIBILITY_DOC = join(REPO_ROOT, 'docs', 'compatibility.md')

/**
 * A table of docs/compatibility.md must be exactly what this run produced: generated, never typed by hand.
 * `UPDATE_COMPAT_TABLE=1` (via `npm run compat`) writes it instead of checking it.
 */
export async function expectCompatTable(table: string, results: CompatResults, columns: readonly CompatColumn[]): Promise<void> {
  const doc = await readFile(COMPATIBILITY_DOC, 'utf8')
  const rendered = renderCompatTable(table, results, columns)
  if (process.env.UPDATE_COMPAT_TABLE) await writeFile(COMPATIBILITY_DOC, replaceCompatTable(doc, table, rendered))
  else expect(currentCompatTable(doc, table), `the compatibility table "${table}" in docs/compatibility.md is stale: run \`npm run compat\``).toBe(rendered)
}
