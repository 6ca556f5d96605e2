import * as vitest from 'vitest'
import type { RunnerTestCase, RunnerTestFile } from 'vitest'
import { createFileStore } from '../../cassette/store.js'
import type { SnapshotUpdateState } from '../../mode.js'
import { declareIntegration, runWithSession } from '../../session/current.js'
import { DEFAULT_DIR, type RunnerSettings } from '../../settings/resolve.js'
import { setPlaceholderKeys } from '../placeholder-keys.js'
import { vitestRecordCommand } from '../record-command.js'
import { SuiteHooks } from '../suite-hooks.js'
import { startHooksAttempt, startTestAttempt, type RunnerInfo, type TestAttempt } from '../test-attempt.js'
import { fileOfHookArgs, scopeDescribeHooks } from './describe-hooks.js'
import { SETTINGS_KEY } from './settings-key.js'
import { setHooksSummaries, setSessionSummary } from './summary-meta.js'
import { identityOf } from './task-identity.js'
import { scopeTestBodies, setFileHooksSession, type StartAttempt } from './test-body-scope.js'

// Loaded by Vitest as a setup file (added by the cassettes() plugin), once per test file.

const settings: RunnerSettings = vitest.inject(SETTINGS_KEY) ?? { root: process.cwd(), dir: DEFAULT_DIR }
const store = createFileStore()

setPlaceholderKeys()
declareIntegration('vitest')

interface SnapshotStateView {
  /** Vitest 4 and later. */
  snapshotUpdateState?: SnapshotUpdateState
  /** Vitest 3. */
  _updateSnapshot?: SnapshotUpdateState
}

const runner: RunnerInfo = {
  recordCommand: (identity, options) => vitestRecordCommand(identity.file, identity.names, options),
  updateState() {
    const state = vitest.expect.getState().snapshotState as unknown as SnapshotStateView | undefined
    return state?.snapshotUpdateState ?? state?._updateSnapshot
  },
}

/** One attempt of one test; its summary travels to the reporter on `task.meta`, each attempt overwriting the last. */
const start: StartAttempt = (test: RunnerTestCase) => {
  const attempt: TestAttempt = startTestAttempt(identityOf(test), settings, runner, store)
  return {
    session: attempt.session,
    async finish() {
      setSessionSummary(test.meta, await attempt.finish(test.result?.state === 'fail'))
    },
  }
}

/** The beforeAll/afterAll sessions of the file about to run, its describes' hooks wrapped to use theirs. */
async function fileHooks(file: RunnerTestFile): Promise<SuiteHooks> {
  const hooks = new SuiteHooks(file.name.replace(/\\/g, '/'), (suite) => startHooksAttempt(suite, settings, runner, store))
  await scopeDescribeHooks(file, hooks)
  return hooks
}

/** After the file's last hook: writes what the hooks recorded; the summaries travel to the reporter on the file's meta. */
async function finishFileHooks(file: RunnerTestFile, hooks: SuiteHooks): Promise<void> {
  if ((file.result?.errors?.length ?? 0) > 0) hooks.markFailed([], 1)
  setHooksSummaries(file.meta, await hooks.finishAll())
}

// `aroundEach` (Vitest 4+) wraps hooks and test in one AsyncLocalStorage scope; Vitest 3 has none. The file's own
// beforeAll/afterAll calls run in the scope `aroundAll` opens around the whole file (Vitest 4+), or, in Vitest 3,
// use the file's hooks session whenever no test is running.
const { aroundEach, aroundAll } = vitest as { aroundEach?: typeof vitest.aroundEach; aroundAll?: typeof vitest.aroundAll }
if (aroundEach && aroundAll) {
  // A plain function reading `arguments`: Vitest parses a hook's parameter list for fixtures, and the file comes last.
  aroundAll(async function (runSuite: () => Promise<void>) {
    // biome-ignore lint/complexity/noArguments: a rest parameter would show Vitest a parameter list to read fixtures from
    const file = fileOfHookArgs([...arguments])
    if (!file) return runSuite()
    const hooks = await fileHooks(file)
    try {
      await runWithSession(hooks.attemptFor([], 1).session, runSuite)
    } finally {
      await finishFileHooks(file, hooks)
    }
  })
  aroundEach(async (runTest, context) => {
    const { session, finish } = start(context.task)
    try {
      await runWithSession(session, runTest)
    } finally {
      await finish()
    }
  })
} else {
  scopeTestBodies(start)
  let running: { file: RunnerTestFile; hooks: SuiteHooks } | undefined
  // Registered first, so under the default hook order (`stack`) this runs before the file's other beforeAll hooks
  // and its afterAll after theirs.
  vitest.beforeAll(async function () {
    // biome-ignore lint/complexity/noArguments: a rest parameter would show Vitest a parameter list to read fixtures from
    const file = fileOfHookArgs([...arguments])
    if (!file) return
    running = { file, hooks: await fileHooks(file) }
    setFileHooksSession(running.hooks.attemptFor([], 1).session)
  })
  vitest.afterAll(async () => {
    setFileHooksSession(undefined)
    if (running) await finishFileHooks(running.file, running.hooks)
    running = undefined
  })
}
