import { AsyncLocalStorage, AsyncResource } from 'node:async_hooks'
import { expect, test } from 'vitest'
import { scopeTestContexts } from '../../src/runner/node-test/context-scope.js'
import { ReportedTests } from '../../src/runner/node-test/reported-tests.js'
import { filtersFiles, filtersTests } from '../../src/runner/node-test/run-filters.js'
import { TestNames } from '../../src/runner/node-test/test-names.js'
import { isCI, updateStateOf } from '../../src/runner/node-test/update-state.js'
import { nodeTestRecordCommand } from '../../src/runner/record-command.js'

test("the node:test record command: Node 22+ matches the chain joined by spaces, a subtest's parent tests too; Node 20 only the name", () => {
  expect(nodeTestRecordCommand('tests/chat.test.mjs', ['chat', "it's (1)"], 1, 22)).toBe(
    `node --test --import llm-cassettes/node-test '--test-name-pattern=^chat it'\\''s \\(1\\)$' tests/chat.test.mjs  (add --test-update-snapshots to record only the calls that no longer match; LLM_CASSETTES_MODE=record re-records every call)`,
  )
  // `suite › parent › child › leaf`: one suite, then a test and its subtests.
  expect(nodeTestRecordCommand('a.test.mjs', ['suite', 'parent', 'child', 'leaf'], 1, 24)).toContain(`'--test-name-pattern=^suite parent( child( leaf)?)?$'`)
  expect(nodeTestRecordCommand('a.test.mjs', ['suite', 'parent', 'child'], 1, 20)).toBe(
    `node --test --import llm-cassettes/node-test '--test-name-pattern=^child$' a.test.mjs  (set LLM_CASSETTES_MODE=update to record only the calls that no longer match; LLM_CASSETTES_MODE=record re-records every call)`,
  )
})

test('--test-update-snapshots is -u (the last of it and its --no- form wins); CI is CI set to anything but false', () => {
  expect(updateStateOf(['--test-update-snapshots'], { CI: 'true' })).toBe('all')
  expect(updateStateOf(['--test-update-snapshots', '--no-test-update-snapshots'], {})).toBe('new')
  expect(updateStateOf([], { CI: '1' })).toBe('none')
  expect([isCI({}), isCI({ CI: '' }), isCI({ CI: 'false' }), isCI({ CI: 'true' }), isCI({ CI: '0' })]).toEqual([false, false, false, true, true])
})

test('the flags that filter tests or files, in either form', () => {
  expect(filtersTests(['--test-name-pattern=x'])).toBe(true)
  expect(filtersTests(['--test-skip-pattern', 'x'])).toBe(true)
  expect(filtersTests(['--test-only'])).toBe(true)
  expect(filtersTests(['--test-reporter=spec', '--test-update-snapshots'])).toBe(false)
  expect(filtersFiles(['--test-shard=1/2'])).toBe(true)
  expect(filtersFiles(['--test-name-pattern=x'])).toBe(false)
})

test('a name chain is exact even when a suite name holds node:test\'s " > " separator', () => {
  const names = new TestNames()
  expect(names.remember({ name: 'a > b', fullName: 'a > b' }, false)).toEqual(['a > b'])
  expect(names.remember({ name: 'c', fullName: 'a > b > c' }, false)).toEqual(['a > b', 'c'])
  expect(names.remember({ name: 'test', fullName: 'a > b > c > test' }, true)).toEqual(['a > b', 'c', 'test'])
  expect(names.remember({ name: 'sub > test', fullName: 'a > b > c > test > sub > test' }, true)).toEqual(['a > b', 'c', 'test', 'sub > test'])
  expect(names.suiteDepth(['a > b', 'c', 'test', 'sub > test'])).toBe(2)
  // A parent never seen is split.
  expect(new TestNames().remember({ name: 'z', fullName: 'x > y > z' }, true)).toEqual(['x', 'y', 'z'])
})

test('reported tests: suite chains from nesting, occurrences, skipped and todo as other, a file that failed as a whole', () => {
  const reported = new ReportedTests('/p')
  const file = '/p/a.test.mjs'
  const event = (type: string, nesting: number, name: string, more: object = {}) => reported.add({ type, data: { file, nesting, name, ...more } })
  event('test:enqueue', 0, 'a.test.mjs')
  event('test:start', 0, 'outer')
  event('test:start', 1, 'same')
  event('test:pass', 1, 'same')
  event('test:start', 1, 'same')
  event('test:fail', 1, 'same')
  event('test:start', 1, 'skipped')
  event('test:pass', 1, 'skipped', { skip: true })
  event('test:pass', 0, 'outer', { details: { type: 'suite' } })
  event('test:start', 0, 'todo')
  event('test:fail', 0, 'todo', { todo: 'later' })
  reported.add({ type: 'test:fail', data: { file: '/p/b.test.mjs', nesting: 0, name: 'b.test.mjs' } })
  expect(reported.all()).toEqual([
    {
      path: file,
      failed: false,
      tests: [
        { names: ['outer', 'same'], occurrence: 1, state: 'passed' },
        { names: ['outer', 'same'], occurrence: 2, state: 'failed' },
        { names: ['outer', 'skipped'], occurrence: 1, state: 'other' },
        { names: ['todo'], occurrence: 1, state: 'other' },
      ],
    },
    { path: '/p/b.test.mjs', failed: true, tests: [] },
  ])
})

test("runInAsyncScope runs a bound context's functions in its scope, passes everything else through, and is restored", () => {
  const original = AsyncResource.prototype.runInAsyncScope
  const storage = new AsyncLocalStorage<string>()
  const suites: string[] = []
  const scopes = scopeTestContexts((suite) => suites.push(suite.fullName))
  try {
    const resource = new AsyncResource('Test')
    const context = {}
    scopes.bind(context, (run) => storage.run('bound', run))
    function body(this: unknown, arg: unknown) {
      return [storage.getStore(), this, arg]
    }
    expect(resource.runInAsyncScope(body, context, 'x')).toEqual(['bound', context, 'x'])
    expect(resource.runInAsyncScope(body, {}, 'y')).toEqual([undefined, {}, 'y'])
    scopes.unbind(context)
    expect(resource.runInAsyncScope(body, context, 'z')).toEqual([undefined, context, 'z'])
    class SuiteContext {
      readonly name = 's'
      readonly fullName = 'outer > s'
    }
    resource.runInAsyncScope(() => undefined, new SuiteContext())
    expect(suites).toEqual(['outer > s'])
  } finally {
    scopes.restore()
  }
  expect(AsyncResource.prototype.runInAsyncScope).toBe(original)
})
