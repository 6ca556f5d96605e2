import * as vitest from 'vitest'
import type { RunnerTestCase } from 'vitest'
import { createFileStore } from '../../cassette/store.js'
import type { SnapshotUpdateState } from '../../mode.js'
import { declareIntegration, runWithSession } from '../../session/current.js'
import { DEFAULT_DIR, type RunnerSettings } from '../../settings/resolve.js'
import { setPlaceholderKeys } from '../placeholder-keys.js'
import { vitestRecordCommand } from '../record-command.js'
import { startTestAttempt, type RunnerInfo, type TestAttempt } from '../test-attempt.js'
import { SETTINGS_KEY } from './settings-key.js'
import { setSessionSummary } from './summary-meta.js'
import { identityOf } from './task-identity.js'
import { scopeTestBodies, type StartAttempt } from './test-body-scope.js'

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
  recordCommand: (identity) => vitestRecordCommand(identity.file, identity.names),
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

// `aroundEach` (Vitest 4+) wraps hooks and test in one AsyncLocalStorage scope; Vitest 3 has none.
const { aroundEach } = vitest as { aroundEach?: typeof vitest.aroundEach }
if (aroundEach) {
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
}
