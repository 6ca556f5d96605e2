import type { TestCase } from 'vitest/node'
import type { TestIdentity } from '../../cassette/paths.js'

function namesOf(test: TestCase): string[] {
  const names = [test.name]
  for (let parent = test.parent; parent.type === 'suite'; parent = parent.parent) names.unshift(parent.name)
  return names
}

const sameName = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((name, i) => name === b[i])

/** The identity the setup file gives this test (see `task-identity.ts`), from the reporter's view of the task tree. */
export function reportedIdentityOf(test: TestCase): TestIdentity {
  const names = namesOf(test)
  let occurrence = 0
  for (const other of test.module.children.allTests()) {
    if (sameName(namesOf(other), names)) occurrence += 1
    if (other.id === test.id) break
  }
  return { file: test.module.relativeModuleId.replace(/\\/g, '/'), names, occurrence: Math.max(occurrence, 1) }
}
