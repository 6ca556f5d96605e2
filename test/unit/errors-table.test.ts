import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, test } from 'vitest'
import { REPO_ROOT } from '../support/fixture-project.js'

/** Every `code: 'ERR_…'` an error is made with anywhere in src/. */
function codesThrown(): Set<string> {
  const codes = new Set<string>()
  const files = readdirSync(join(REPO_ROOT, 'src'), { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
  for (const file of files) {
    for (const match of readFileSync(join(file.parentPath, file.name), 'utf8').matchAll(/\bcode: '(ERR_[A-Z_]+)'/g)) codes.add(match[1]!)
  }
  return codes
}

/** The codes the README's Errors table lists (second column). */
function codesListed(): Set<string> {
  const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8')
  const table = readme.slice(readme.indexOf('## Errors'), readme.indexOf('\n## ', readme.indexOf('## Errors') + 1))
  const codes = new Set<string>()
  for (const row of table.split('\n').filter((line) => line.startsWith('| `'))) {
    for (const match of (row.split('|')[2] ?? '').matchAll(/`(ERR_[A-Z_]+)`/g)) codes.add(match[1]!)
  }
  return codes
}

test("the README's Errors table lists every code src/ throws, and no other", () => {
  const thrown = codesThrown()
  expect(thrown.size).toBeGreaterThan(15)
  expect([...codesListed()].sort()).toEqual([...thrown].sort())
})
