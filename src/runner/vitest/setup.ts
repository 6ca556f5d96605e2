import { relative } from 'node:path'
import * as vitest from 'vitest'
import type { RunnerTestCase } from 'vitest'
import { cassettePathFor, namedCassettePath, testLabel } from '../../cassette/paths.js'
import { createFileStore } from '../../cassette/store.js'
import { MODE_ENV_VAR, resolveMode, type SnapshotUpdateState } from '../../mode.js'
import { CassetteSession, PLACEHOLDER_API_KEY } from '../../session/cassette-session.js'
import { runWithSession } from '../../session/current.js'
import { vitestRecordCommand } from '../record-command.js'
import { DEFAULT_DIR, type RunnerSettings } from '../settings.js'
import { identityOf } from './task-identity.js'
import { SETTINGS_KEY } from './settings-key.js'
import { setSessionSummary } from './summary-meta.js'
import { scopeTestBodies, type TestAttempt } from './test-body-scope.js'

// Loaded by Vitest as a setup file (added by the cassettes() plugin), once per test file.

const settings: RunnerSettings = vitest.inject(SETTINGS_KEY) ?? { root: process.cwd(), dir: DEFAULT_DIR }
const store = createFileStore()

// `new OpenAI()` throws without a key; in replay no key is needed, and a live call with this one is refused.
if (!process.env.OPENAI_API_KEY) process.env.OPENAI_API_KEY = PLACEHOLDER_API_KEY

interface SnapshotStateView {
  /** Vitest 4 and later. */
  snapshotUpdateState?: SnapshotUpdateState
  /** Vitest 3. */
  _updateSnapshot?: SnapshotUpdateState
}

function updateState(): SnapshotUpdateState | undefined {
  const state = vitest.expect.getState().snapshotState as unknown as SnapshotStateView | undefined
  return state?.snapshotUpdateState ?? state?._updateSnapshot
}

/** One attempt of one test: its session, and how it ends (saved unless it failed and saveOnFailure is off). */
const attempt: TestAttempt = (test: RunnerTestCase) => {
  const identity = identityOf(test)
  const cassettePath = cassettePathFor(settings.dir, identity)
  const session = new CassetteSession({
    cassettePath,
    displayPath: relative(settings.root, cassettePath) || cassettePath,
    test: testLabel(identity),
    resolveMode: () => resolveMode({ option: settings.mode, env: process.env[MODE_ENV_VAR], updateState: updateState() }),
    recordCommand: vitestRecordCommand(identity.file, identity.names),
    store,
    redact: settings.redact,
    allowedSecrets: settings.allowedSecrets,
    namedCassette: (name) => {
      const path = namedCassettePath(settings.dir, name)
      return { cassettePath: path, displayPath: relative(settings.root, path) || path, test: `useCassette(${JSON.stringify(name)})` }
    },
    normalizeIds: settings.normalizeIds === true,
  })
  return {
    session,
    async finish() {
      const failed = test.result?.state === 'fail'
      await session.finish({ save: !failed || settings.saveOnFailure !== false })
      // Each attempt overwrites it: a retried test is reported once, as its last attempt.
      setSessionSummary(test.meta, session.summary())
    },
  }
}

// `aroundEach` (Vitest 4+) wraps hooks and test in one AsyncLocalStorage scope; Vitest 3 has none.
const { aroundEach } = vitest as { aroundEach?: typeof vitest.aroundEach }
if (aroundEach) {
  aroundEach(async (runTest, context) => {
    const { session, finish } = attempt(context.task)
    try {
      await runWithSession(session, runTest)
    } finally {
      await finish()
    }
  })
} else {
  scopeTestBodies(attempt)
}
