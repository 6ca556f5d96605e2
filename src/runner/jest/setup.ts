import { relative } from 'node:path'
import { cassettePathFor, testLabel, type TestIdentity } from '../../cassette/paths.js'
import { createFileStore } from '../../cassette/store.js'
import { CassetteError } from '../../errors.js'
import { MODE_ENV_VAR, resolveMode } from '../../mode.js'
import { CassetteSession, PLACEHOLDER_API_KEY } from '../../session/cassette-session.js'
import { setSequentialSession, useSequentialRunner } from '../../session/current.js'
import { jestRecordCommand } from '../record-command.js'
import { resolveSettings } from '../settings.js'
import { concurrentTestRefusal } from './concurrent.js'
import { expectState, rootDescribeBlock, runningTest } from './jest-state.js'
import { attemptWriter } from './run-channel.js'
import { identityOf } from './test-identity.js'

// Loaded by Jest once per test file: `setupFilesAfterEnv: ['llm-cassettes/jest']`.

type Hook = (fn: () => unknown) => void
const { beforeEach, afterEach } = globalThis as { beforeEach?: Hook; afterEach?: Hook }
if (!beforeEach || !afterEach) {
  throw new CassetteError(
    "llm-cassettes/jest needs Jest's global beforeEach and afterEach: load it through setupFilesAfterEnv, with injectGlobals left on.",
    { code: 'ERR_CASSETTE_SETUP' },
  )
}

const store = createFileStore()

// `new OpenAI()` throws without a key; in replay no key is needed, and a live call with this one is refused.
if (!process.env.OPENAI_API_KEY) process.env.OPENAI_API_KEY = PLACEHOLDER_API_KEY

useSequentialRunner(concurrentTestRefusal)

// Set when llm-cassettes/jest-reporter runs: each attempt's summary goes to it.
const writeAttempt = attemptWriter(process.env)

interface Attempt {
  session: CassetteSession
  testPath: string
  identity: TestIdentity
}

let attempt: Attempt | undefined

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
  const settings = resolveSettings(snapshotState?._rootDir ?? process.cwd(), {}, process.env)
  const identity = identityOf(test, root, settings.root, testPath)
  const cassettePath = cassettePathFor(settings.dir, identity)
  const session = new CassetteSession({
    cassettePath,
    displayPath: relative(settings.root, cassettePath) || cassettePath,
    test: testLabel(identity),
    resolveMode: () => resolveMode({ env: process.env[MODE_ENV_VAR], updateState: expectState().snapshotState?._updateSnapshot }),
    recordCommand: jestRecordCommand(identity.file, identity.names),
    store,
  })
  return { session, testPath, identity }
}

// Jest calls hooks and the test function separately, so the session is set for the attempt rather than
// wrapped around it. Each retry runs both hooks again: every attempt starts from the cassette on disk.
beforeEach(() => {
  attempt = startAttempt()
  setSequentialSession(attempt.session)
})

afterEach(async () => {
  const finishing = attempt
  attempt = undefined
  setSequentialSession(undefined)
  if (!finishing) return
  await finishing.session.finish()
  // Each attempt of a retried test writes again: the reporter keeps the last.
  writeAttempt?.(finishing.testPath, finishing.identity.names, finishing.identity.occurrence, finishing.session.summary())
})
