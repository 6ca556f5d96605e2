import { relative } from 'node:path'
import type { TestCase, TestModule } from 'vitest/node'
import type { TestIdentity } from '../../cassette/paths.js'

function namesOf(test: TestCase): string[] {
  const names = [test.name]
  for (let parent = test.parent; parent.type === 'suite'; parent = parent.parent) names.unshift(parent.name)
  return names
}

const sameName = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((name, i) => name === b[i])

/** The test file's path as the setup file names it (`test.file.name`): relative to the project root, `/`-separated. */
export function testFileOf(module: TestModule): string {
  // Vitest 3's TestModule has no relativeModuleId.
  const file = (module as { relativeModuleId?: string }).relativeModuleId ?? relative(module.project.config.root, module.moduleId)
  return file.replace(/\\/g, '/')
}

/** The identity the setup file gives this test (see `task-identity.ts`), from the reporter's view of the task tree. */
export function reportedIdentityOf(test: TestCase): TestIdentity {
  const names = namesOf(test)
  let occurrence = 0
  for (const other of test.module.children.allTests()) {
    if (sameName(namesOf(other), names)) occurrence += 1
    if (other.id === test.id) break
  }
  return { file: testFileOf(test.module), names, occurrence: Math.max(occurrence, 1) }
}
