import { relative } from 'node:path'
import type { TestIdentity } from '../../cassette/paths.js'
import type { CircusDescribeBlock, CircusTest } from './jest-state.js'

/** The describe chain then the test name; the root block (which has no parent) is not part of it. */
export function namesOf(test: CircusTest): string[] {
  const names = [test.name]
  for (let block: CircusDescribeBlock | undefined = test.parent; block?.parent; block = block.parent) names.unshift(block.name)
  return names
}

function* testsOf(block: CircusDescribeBlock): Generator<CircusTest> {
  for (const child of block.children) {
    if (child.type === 'test') yield child
    else yield* testsOf(child)
  }
}

const sameName = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((name, i) => name === b[i])

/**
 * The test's identity from jest-circus's tree, named exactly as the Vitest integration names it. Tests that
 * share the whole name chain are told apart by their order in the file, which `-t` filters do not change.
 */
export function identityOf(test: CircusTest, root: CircusDescribeBlock, rootDir: string, testPath: string): TestIdentity {
  const names = namesOf(test)
  let occurrence = 0
  for (const other of testsOf(root)) {
    if (sameName(namesOf(other), names)) occurrence += 1
    if (other === test) break
  }
  return { file: fileOf(rootDir, testPath), names, occurrence: Math.max(occurrence, 1) }
}

/** The test file as cassettes name it: relative to Jest's rootDir, `/`-separated. */
export function fileOf(rootDir: string, testPath: string): string {
  return relative(rootDir, testPath).replace(/\\/g, '/')
}
