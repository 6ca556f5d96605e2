import type { TestIdentity } from '../../cassette/paths.js'
import { createFileStore } from '../../cassette/store.js'
import { CassetteError } from '../../errors.js'
import { declareIntegration, setSequentialSession, useSequentialRunner } from '../../session/current.js'
import { resolveSettings, type RunnerSettings } from '../../settings/resolve.js'
import { setPlaceholderKeys } from '../placeholder-keys.js'
import { jestRecordCommand } from '../record-command.js'
import { attemptWriter } from '../run-channel.js'
import type { SuiteHooks } from '../suite-hooks.js'
import { startHooksAttempt, startTestAttempt, type RunnerInfo, type TestAttempt } from '../test-attempt.js'
import { concurrentTestRefusal } from './concurrent.js'
import { expectState, rootDescribeBlock, runningTest } from './jest-state.js'
import { scopeSuiteHooks } from './suite-hooks.js'
import { fileOf, identityOf } from './test-identity.js'

// Loaded by Jest once per test file: `setupFilesAfterEnv: ['llm-cassettes/jest']`.

type Hook = (fn: () => unknown) => void
const { beforeEach, afterEach, beforeAll, afterAll } = globalThis as { beforeEach?: Hook; afterEach?: Hook; beforeAll?: Hook; afterAll?: Hook }
if (!beforeEach || !afterEach || !beforeAll || !afterAll) {
  throw new CassetteError(
    "llm-cassettes/jest needs Jest's global hooks (beforeEach, afterEach, beforeAll, afterAll): load it through setupFilesAfterEnv, with injectGlobals left on.",
    { code: 'ERR_CASSETTE_SETUP' },
  )
}

const store = createFileStore()

setPlaceholderKeys()
declareIntegration('jest')
useSequentialRunner(concurrentTestRefusal)

// Set when llm-cassettes/jest-reporter runs: each attempt's summary goes to it.
const writeAttempt = attemptWriter('jest', process.env)

const runner: RunnerInfo = {
  recordCommand: (identity, options) => jestRecordCommand(identity.file, identity.names, options),
  updateState: () => expectState().snapshotState?._updateSnapshot,
}

/** Jest has no plugin options: the settings are the project's config file and the environment, read once per root. */
const settingsByRoot = new Map<string, RunnerSettings>()
function settingsFor(root: string): RunnerSettings {
  let settings = settingsByRoot.get(root)
  if (!settings) settingsByRoot.set(root, (settings = resolveSettings(root, {}, process.env)))
  return settings
}

interface Attempt {
  attempt: TestAttempt
  testPath: string
  identity: TestIdentity
}

let current: Attempt | undefined

function startAttempt(): Attempt {
  const test = runningTest()
  const root = rootDescribeBlock()
  const { testPath, snapshotState } = expectState()
  if (!test || !root || !testPath) {
    throw new CassetteError('llm-cassettes/jest could not find the running test: it needs the jest-circus runner (the default).', {
      code: 'ERR_CASSETTE_SETUP',
    })
  }
  // Jest's rootDir reaches the test file through its snapshot state; without one, fall back to the cwd.
  const settings = settingsFor(snapshotState?._rootDir ?? process.cwd())
  const identity = identityOf(test, root, settings.root, testPath)
  return { attempt: startTestAttempt(identity, settings, runner, store), testPath, identity }
}

// Jest calls hooks and the test function separately, so the session is set for the attempt rather than
// wrapped around it. Each retry runs both hooks again: every attempt starts from the cassette on disk.
beforeEach(() => {
  current = startAttempt()
  setSequentialSession(current.attempt.session)
})

async function finishTestAttempt(): Promise<void> {
  const finishing = current
  current = undefined
  setSequentialSession(hooks?.attemptFor([], 1).session)
  if (!finishing) return
  const summary = await finishing.attempt.finish((runningTest()?.errors.length ?? 0) > 0)
  // Each attempt of a retried test writes again: the reporter keeps the last.
  writeAttempt(finishing.testPath, finishing.identity.names, finishing.identity.occurrence, summary)
}
afterEach(finishTestAttempt)

let hooks: SuiteHooks | undefined
let hooksTestPath = ''

async function finishHooks(): Promise<void> {
  const finishing = hooks
  hooks = undefined
  setSequentialSession(undefined)
  if (!finishing) return
  for (const report of await finishing.finishAll()) writeAttempt(hooksTestPath, report.names, report.occurrence, report.summary, { failed: report.failed })
}

// Registered before the test file's own hooks, so it runs first: the file is collected by then.
beforeAll(() => {
  const root = rootDescribeBlock()
  const { testPath, snapshotState } = expectState()
  if (!root || !testPath) return
  const settings = settingsFor(snapshotState?._rootDir ?? process.cwd())
  hooksTestPath = testPath
  hooks = scopeSuiteHooks(root, fileOf(settings.root, testPath), (suite) => startHooksAttempt(suite, settings, runner, store), {
    ownAfterEach: finishTestAttempt,
    ownAfterAll: finishHooks,
  })
  setSequentialSession(hooks.attemptFor([], 1).session)
})
afterAll(finishHooks)
