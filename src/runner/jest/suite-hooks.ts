import type { TestIdentity } from '../../cassette/paths.js'
import { occurrenceCounter, SuiteHooks } from '../suite-hooks.js'
import type { TestAttempt } from '../test-attempt.js'
import type { CircusDescribeBlock, CircusHook } from './jest-state.js'

type HookFunction = CircusHook['fn']

/** The setup file's own root hooks, which must run last among the root's. */
export interface OwnHooks {
  /** Ends the test's attempt: after every afterEach hook, so a root-level afterEach of the test file still belongs to the test. */
  ownAfterEach: HookFunction
  /** Writes the hooks cassettes: after every afterAll hook. */
  ownAfterAll: HookFunction
}

/** `fn`, then `after`, with `fn`'s arity kept: Jest gives hooks that declare a parameter a `done` callback. */
function thenRun(fn: HookFunction, after: () => Promise<void>): HookFunction {
  if (fn.length === 0) {
    return async function (this: unknown) {
      try {
        return await fn.call(this)
      } finally {
        await after()
      }
    }
  }
  return function (this: unknown, done: unknown) {
    const finish = (...args: unknown[]) => after().then(() => (done as (...a: unknown[]) => void)(...args), done as (error: unknown) => void)
    return fn.call(this, finish)
  }
}

function* describesOf(block: CircusDescribeBlock, names: readonly string[]): Generator<{ block: CircusDescribeBlock; names: string[] }> {
  for (const child of block.children) {
    if (child.type !== 'describeBlock') continue
    const chain = [...names, child.name]
    yield { block: child, names: chain }
    yield* describesOf(child, chain)
  }
}

/**
 * Called from the setup file's root `beforeAll`, the first hook of the file to run, once Jest has collected it:
 * every `beforeAll`/`afterAll` hook of the file and of its describes runs in its suite's hooks session (the
 * file's own hooks session otherwise serves calls made while no test runs). Jest runs a block's hooks in the
 * order they were defined, and the setup file's were defined first: its afterEach moves to the end of the
 * root's hooks, and its afterAll's work is done after the root's last afterAll.
 */
export function scopeSuiteHooks(root: CircusDescribeBlock, file: string, start: (suite: TestIdentity) => TestAttempt, own: OwnHooks): SuiteHooks {
  const hooks = new SuiteHooks(file, start)
  const ownAfterEach = root.hooks.findIndex((hook) => hook.type === 'afterEach' && hook.fn === own.ownAfterEach)
  if (ownAfterEach !== -1) root.hooks.push(...root.hooks.splice(ownAfterEach, 1))

  const wrapAll = (block: CircusDescribeBlock, names: readonly string[], occurrence: number) => {
    for (const hook of block.hooks) {
      if ((hook.type === 'beforeAll' || hook.type === 'afterAll') && hook.fn !== own.ownAfterAll) hook.fn = hooks.wrap(hook.fn, names, occurrence)
    }
  }
  wrapAll(root, [], 1)
  const occurrence = occurrenceCounter()
  for (const { block, names } of describesOf(root, [])) wrapAll(block, names, occurrence(names))

  const afterAlls = root.hooks.filter((hook) => hook.type === 'afterAll')
  const last = afterAlls[afterAlls.length - 1]
  if (last && last.fn !== own.ownAfterAll) {
    const ownHook = afterAlls.find((hook) => hook.fn === own.ownAfterAll)
    if (ownHook) ownHook.fn = () => undefined
    last.fn = thenRun(last.fn, async () => {
      await own.ownAfterAll.call(undefined)
    })
  }
  return hooks
}
