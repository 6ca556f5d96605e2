import { afterEach, beforeEach } from 'node:test'
import { createFileStore } from '../../cassette/store.js'
import { declareIntegration, runWithSession } from '../../session/current.js'
import { resolveSettings } from '../../settings/resolve.js'
import { setPlaceholderKeys } from '../placeholder-keys.js'
import { nodeTestRecordCommand } from '../record-command.js'
import { attemptWriter } from '../run-channel.js'
import { startTestAttempt, type RunnerInfo, type TestAttempt } from '../test-attempt.js'
import { cassetteFolderRunAsTest } from './cassette-folder-guard.js'
import { scopeTestContexts, type NodeTestContext } from './context-scope.js'
import { TestIdentities, type NamedTest } from './test-identity.js'
import { TestNames } from './test-names.js'
import { updateStateOf } from './update-state.js'

// Loaded into every test process: `node --test --import llm-cassettes/node-test`, or imported by a setup file.

/** One copy per process, however many times (ESM and CommonJS, `--import` and a setup file) it is loaded. */
const LOADED = Symbol.for('llm-cassettes.node-test')

/** `--test-isolation=none` (Node 22: `--experimental-test-isolation`), in either form: tests run in node's own process. */
const withoutIsolation = (execArgv: readonly string[]) =>
  execArgv.some((arg, i) => /^--(experimental-)?test-isolation(=none)?$/.test(arg) && (arg.endsWith('=none') || execArgv[i + 1] === 'none'))

/** The `node --test` process that only starts one process per test file, and runs no test itself. */
function isTestOrchestrator(): boolean {
  if (process.env.NODE_TEST_CONTEXT !== undefined || !process.execArgv.includes('--test')) return false
  return !withoutIsolation(process.execArgv)
}

function install(): void {
  const settings = resolveSettings(process.cwd(), {}, process.env, 'llm-cassettes/node-test')
  const misrun = cassetteFolderRunAsTest(process.argv[1], settings.root, settings.dir)
  if (misrun) {
    process.stderr.write(misrun)
    process.exit(1)
  }
  const store = createFileStore()
  const names = new TestNames()
  const identities = new TestIdentities(settings.root, names, process.argv[1])
  const scopes = scopeTestContexts((suite) => void names.remember(suite, false))
  // Set when llm-cassettes/node-test-reporter runs: each attempt's summary goes to it.
  const writeAttempt = attemptWriter('node-test', process.env)
  const nodeMajor = Number(process.versions.node.split('.')[0])
  const attempts = new WeakMap<object, { attempt: TestAttempt; test: NamedTest }>()

  setPlaceholderKeys()
  declareIntegration('node:test')

  // beforeEach and afterEach get the test's TestContext (typed loosely by @types/node 20).
  beforeEach((hookContext) => {
    const context = hookContext as unknown as NodeTestContext
    const test = identities.identityOf(context)
    const runner: RunnerInfo = {
      recordCommand: (identity) => nodeTestRecordCommand(identity.file, identity.names, test.suiteDepth, nodeMajor),
      updateState: () => updateStateOf(process.execArgv, process.env),
    }
    const attempt = startTestAttempt(test.identity, settings, runner, store)
    attempts.set(context, { attempt, test })
    scopes.bind(context, (run) => runWithSession(attempt.session, run))
  })

  // Inherited afterEach hooks run after a suite's own: the test's own hooks have made their calls by now.
  afterEach(async (hookContext) => {
    const context = hookContext as unknown as NodeTestContext
    const started = attempts.get(context)
    if (!started) return
    attempts.delete(context)
    scopes.unbind(context)
    const summary = await started.attempt.finish(context.passed === false)
    writeAttempt(started.test.testPath, started.test.identity.names, started.test.identity.occurrence, summary)
  })
}

const holder = globalThis as { [LOADED]?: true }
if (!holder[LOADED] && !isTestOrchestrator()) {
  holder[LOADED] = true
  install()
}
