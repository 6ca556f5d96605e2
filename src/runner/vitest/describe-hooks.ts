import * as vitest from 'vitest'
import type { RunnerTask, RunnerTestFile, RunnerTestSuite } from 'vitest'
import { occurrenceCounter, type SuiteHooks } from '../suite-hooks.js'

type HookFunction = (this: unknown, ...args: unknown[]) => unknown

/** The parts of a suite's hook lists this package changes, as `getHooks(suite)` (Vitest 3, 4) and `TestRunner.getSuiteHooks` (5) give them. */
interface SuiteHookLists {
  beforeAll: HookFunction[]
  afterAll: HookFunction[]
}
type GetHooks = (suite: RunnerTestSuite) => SuiteHookLists | undefined

// A variable, so that Vitest 5, which transforms setup files and has no `vitest/suite`, does not try to resolve it.
const SUITE_MODULE = 'vitest/suite'

/** Vitest 5 exposes a suite's hooks on its `TestRunner` class; Vitest 3 and 4 through `vitest/suite`. */
async function suiteHooksAccessor(): Promise<GetHooks> {
  const { TestRunner } = vitest as { TestRunner?: { getSuiteHooks?: GetHooks } }
  if (typeof TestRunner?.getSuiteHooks === 'function') return TestRunner.getSuiteHooks
  return ((await import(/* @vite-ignore */ SUITE_MODULE)) as { getHooks: GetHooks }).getHooks
}

/** The test file a suite hook was called for: Vitest passes the suite last. */
export function fileOfHookArgs(args: readonly unknown[]): RunnerTestFile | undefined {
  const suite = args[args.length - 1] as Partial<RunnerTestFile> | undefined
  return suite && typeof suite === 'object' && suite.type === 'suite' && typeof suite.filepath === 'string' ? (suite as RunnerTestFile) : undefined
}

function* describesOf(tasks: readonly RunnerTask[], names: readonly string[]): Generator<{ suite: RunnerTestSuite; names: string[] }> {
  for (const task of tasks) {
    if (task.type !== 'suite') continue
    const chain = [...names, task.name]
    yield { suite: task, names: chain }
    yield* describesOf(task.tasks, chain)
  }
}

/**
 * Wraps the `beforeAll`/`afterAll` hooks of every describe in the file so that their calls run in the describe's
 * own hooks session (see SuiteHooks). Called once the file is collected and before its describes run.
 */
export async function scopeDescribeHooks(file: RunnerTestFile, hooks: SuiteHooks): Promise<void> {
  const getHooks = await suiteHooksAccessor()
  const occurrence = occurrenceCounter()
  for (const { suite, names } of describesOf(file.tasks, [])) {
    const nth = occurrence(names)
    const lists = getHooks(suite)
    if (!lists) continue
    for (const list of [lists.beforeAll, lists.afterAll]) {
      for (let i = 0; i < list.length; i++) list[i] = hooks.wrap(list[i]!, names, nth)
    }
  }
}
