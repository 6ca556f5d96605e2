import type { RunnerTask, RunnerTestCase, RunnerTestSuite } from 'vitest'
import type { TestIdentity } from '../../cassette/paths.js'

function namesOf(test: RunnerTestCase): string[] {
  const names = [test.name]
  for (let suite: RunnerTestSuite | undefined = test.suite; suite && suite !== test.file; suite = suite.suite) {
    names.unshift(suite.name)
  }
  return names
}

function* testsOf(tasks: readonly RunnerTask[]): Generator<RunnerTestCase> {
  for (const task of tasks) {
    if (task.type === 'test') yield task
    else if (task.type === 'suite') yield* testsOf(task.tasks)
  }
}

const sameName = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((name, i) => name === b[i])

/**
 * The test's identity from Vitest's task tree. Tests that share the whole name chain (e.g. two
 * `test.each` cases that format alike) are told apart by their order in the file, which `-t` filters do not change.
 */
export function identityOf(test: RunnerTestCase): TestIdentity {
  const names = namesOf(test)
  let occurrence = 0
  for (const other of testsOf(test.file.tasks)) {
    if (sameName(namesOf(other), names)) occurrence += 1
    if (other.id === test.id) break
  }
  return { file: test.file.name.replace(/\\/g, '/'), names, occurrence: Math.max(occurrence, 1) }
}
