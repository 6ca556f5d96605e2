import { AsyncResource } from 'node:async_hooks'

/** The documented getters of node:test's `TestContext` and `SuiteContext` that this package reads. */
export interface NodeTestContext {
  readonly name: string
  /** The suite and test names from the file's top level down, joined by ` > `. */
  readonly fullName: string
  /** Node 22.6 and later. */
  readonly filePath?: string
  /** Node 20.12 and later; set by the time `afterEach` runs. */
  readonly passed?: boolean
}

/** Runs `run` inside one test attempt's scope (its AsyncLocalStorage session). */
export type Scope = <T>(run: () => T) => T

export interface ContextScopes {
  /** From now on, every function node:test runs for this test context (its body, its hooks) runs inside `scope`. */
  bind(context: object, scope: Scope): void
  unbind(context: object): void
  /** Puts node:test's `runInAsyncScope` back. */
  restore(): void
}

type RunInAsyncScope = (this: AsyncResource, fn: (...args: unknown[]) => unknown, thisArg?: unknown, ...args: unknown[]) => unknown

/** `SuiteContext` is the documented class of the object node:test hands every `describe` function. */
const isSuiteContext = (value: object): value is NodeTestContext => Object.getPrototypeOf(value)?.constructor?.name === 'SuiteContext'

/**
 * node:test gives a `beforeEach` hook the test's context, but no way to wrap the test function in an
 * AsyncLocalStorage scope (Node 24's `node.test` tracing channel does, without the context). What it does, on
 * Node 20, 22 and 24 alike: each test is an `AsyncResource`, and its function and its hooks run through
 * `test.runInAsyncScope(fn, context, context)` — with the very context object the hooks receive. So a
 * `runInAsyncScope` that wraps `fn` in the scope bound to that context gives the test body, `t.test` subtests'
 * parents, the test's own `beforeEach`/`afterEach` hooks and everything they start the test's session, however
 * many tests run concurrently. Any other caller is passed through untouched (one WeakMap lookup).
 *
 * The same calls also run each `describe` function with its `SuiteContext`: `onSuite` sees them, so suite names
 * can be known exactly rather than split from a test's `fullName`.
 */
export function scopeTestContexts(onSuite: (suite: NodeTestContext) => void): ContextScopes {
  const prototype = AsyncResource.prototype as unknown as { runInAsyncScope: RunInAsyncScope }
  const original = prototype.runInAsyncScope
  const scopes = new WeakMap<object, Scope>()
  const runInAsyncScope: RunInAsyncScope = function (fn, thisArg, ...args) {
    if (typeof thisArg === 'object' && thisArg !== null) {
      const scope = scopes.get(thisArg)
      if (scope) {
        const scoped = function (this: unknown, ...fnArgs: unknown[]) {
          return scope(() => fn.apply(this, fnArgs))
        }
        return original.call(this, scoped, thisArg, ...args)
      }
      if (isSuiteContext(thisArg)) onSuite(thisArg)
    }
    return original.call(this, fn, thisArg, ...args)
  }
  prototype.runInAsyncScope = runInAsyncScope
  return {
    bind: (context, scope) => void scopes.set(context, scope),
    unbind: (context) => void scopes.delete(context),
    restore() {
      if (prototype.runInAsyncScope === runInAsyncScope) prototype.runInAsyncScope = original
    },
  }
}
