import { relative } from 'node:path'
import { aroundEach, expect, inject } from 'vitest'
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

// Loaded by Vitest as a setup file (added by the cassettes() plugin), once per test file.

const settings: RunnerSettings = inject(SETTINGS_KEY) ?? { root: process.cwd(), dir: DEFAULT_DIR }
const store = createFileStore()

// `new OpenAI()` throws without a key; in replay no key is needed, and a live call with this one is refused.
if (!process.env.OPENAI_API_KEY) process.env.OPENAI_API_KEY = PLACEHOLDER_API_KEY

function updateState(): SnapshotUpdateState | undefined {
  return (expect.getState().snapshotState as { snapshotUpdateState?: SnapshotUpdateState } | undefined)?.snapshotUpdateState
}

aroundEach(async (runTest, context) => {
  const identity = identityOf(context.task)
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
  try {
    await runWithSession(session, runTest)
  } finally {
    const failed = context.task.result?.state === 'fail'
    await session.finish({ save: !failed || settings.saveOnFailure !== false })
    // Each attempt overwrites it: a retried test is reported once, as its last attempt.
    setSessionSummary(context.task.meta, session.summary())
  }
})
