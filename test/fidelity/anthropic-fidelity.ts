import type { CompatResults } from './compat-table.js'
import type { FidelityResult } from './run-fidelity.js'

/**
 * Folds one run (an SDK version under one runner) into the table: a cell is ✓ only when every runner replayed
 * the behaviour identically; a behaviour the version does not have is — in its column.
 */
export function addVerdicts(compat: CompatResults, version: string, { verdicts, notes }: FidelityResult): void {
  for (const [name, verdict] of Object.entries(verdicts)) {
    const row = (compat[name] ??= {})
    row[version] = row[version] === undefined ? verdict : row[version] === true && verdict
  }
  const unavailable = notes['note-unavailable']
  for (const name of Array.isArray(unavailable) ? (unavailable as string[]) : []) (compat[name] ??= {})[version] = 'unavailable'
}

interface StoredCassette {
  test: string
  interactions: { request: Record<string, unknown> & { url: string; headers: Record<string, string> }; response: Record<string, unknown> }[]
}

/** The fixture's cassettes keyed by test name without the file (`messages > create`), and their raw texts. */
export function cassettesByTest(texts: Record<string, string>): Map<string, StoredCassette> {
  const byTest = new Map<string, StoredCassette>()
  for (const text of Object.values(texts)) {
    const cassette = JSON.parse(text) as StoredCassette
    byTest.set(cassette.test.split(' > ').slice(1).join(' > '), cassette)
  }
  return byTest
}
