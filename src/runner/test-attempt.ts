import { statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { CassetteError } from '../errors.js'
import { cassettePathFor, hooksCassettePath, hooksLabel, namedCassettePath, testLabel, type TestIdentity } from '../cassette/paths.js'
import type { CassetteStore } from '../cassette/store.js'
import { MODE_ENV_VAR, resolveMode, type SnapshotUpdateState } from '../mode.js'
import { CassetteSession } from '../session/cassette-session.js'
import { announceAttempt } from '../session/running-attempts.js'
import type { SessionSummary } from '../session/session-summary.js'
import type { RunnerSettings } from '../settings/resolve.js'

/** What a runner integration tells about itself; the rest of a test attempt is the same for every runner. */
export interface RunnerInfo {
  /**
   * The shell command that records one test's cassette, e.g. `npx vitest run <file> -t <pattern>`; with
   * `whole: false`, `identity.names` is a describe chain and the command runs every test below it.
   */
  recordCommand(identity: TestIdentity, options?: { whole?: boolean }): string
  /** The runner's snapshot update state, asked for on the test's first call (only final once the test has started). */
  updateState(): SnapshotUpdateState | undefined
  /** False for the cassettes `llm-cassettes serve` opens itself: they are not tests a runner is running. */
  announce?: boolean
}

/** One attempt of one test: the session its calls use, and how the attempt ends. */
export interface TestAttempt {
  session: CassetteSession
  /** Writes what the attempt recorded (not when it failed under `saveOnFailure: false`) and says what it did. */
  finish(failed: boolean): Promise<SessionSummary>
}

const shown = (root: string, path: string) => relative(root, path) || path

/**
 * A test's own cassettes live in `<dir>/<test file>/`. A named cassette there could be the very file of a test
 * of that file, and the two would overwrite each other: a name whose folders lead through a file of the project
 * (a test file) is refused.
 */
function refuseTestFileFolder(name: string, settings: RunnerSettings): void {
  const folders = name.split('/').slice(0, -1)
  for (let depth = 1; depth <= folders.length; depth++) {
    const within = folders.slice(0, depth).join('/')
    let isFile = false
    try {
      isFile = statSync(join(settings.root, within)).isFile()
    } catch {
      continue
    }
    if (!isFile) continue
    throw new CassetteError(
      `useCassette(${JSON.stringify(name)}) names a cassette in ${shown(settings.root, join(settings.dir, within))}/, the folder of the own ` +
        `cassettes of the tests in ${within}, where it could be the same file as one of theirs. Choose a name outside it, e.g. ${JSON.stringify(`shared/${name.split('/').pop()}`)}.`,
      { code: 'ERR_CASSETTE_NAME' },
    )
  }
}

interface Target {
  cassettePath: string
  test: string
  recordCommand: string
}

function attempt(target: Target, settings: RunnerSettings, runner: RunnerInfo, store: CassetteStore, kind: 'test' | 'hooks'): TestAttempt {
  const session = new CassetteSession({
    cassettePath: target.cassettePath,
    displayPath: shown(settings.root, target.cassettePath),
    test: target.test,
    resolveMode: () => resolveMode({ option: settings.mode, env: process.env[MODE_ENV_VAR], updateState: runner.updateState() }),
    recordCommand: target.recordCommand,
    store,
    redact: settings.redact,
    allowedSecrets: settings.allowedSecrets,
    namedCassette: (name) => {
      refuseTestFileFolder(name, settings)
      const path = namedCassettePath(settings.dir, name)
      return { cassettePath: path, displayPath: shown(settings.root, path), test: `useCassette(${JSON.stringify(name)})` }
    },
    normalizeIds: settings.normalizeIds === true,
    fetchHosts: settings.fetchHosts,
    ignore: settings.ignore,
    replayTiming: settings.replayTiming,
  })
  // `llm-cassettes/serve`, started in the test process, serves the calls of an app the test started from it.
  const leave = runner.announce === false ? () => undefined : announceAttempt(session, kind)
  return {
    session,
    async finish(failed) {
      leave()
      await session.finish({ save: !failed || settings.saveOnFailure !== false, failed })
      return session.close()
    },
  }
}

/** The one place a test attempt's session is built, for every runner, from its identity and the project's settings. */
export function startTestAttempt(identity: TestIdentity, settings: RunnerSettings, runner: RunnerInfo, store: CassetteStore): TestAttempt {
  return attempt(
    { cassettePath: cassettePathFor(settings.dir, identity), test: testLabel(identity), recordCommand: runner.recordCommand(identity) },
    settings,
    runner,
    store,
    'test',
  )
}

/**
 * The session of a describe's (or, with no names, the test file's) `beforeAll`/`afterAll` hooks: their calls go
 * to a cassette of their own beside the tests' (`<describe> › #hooks.json`), replayed in order.
 */
export function startHooksAttempt(suite: TestIdentity, settings: RunnerSettings, runner: RunnerInfo, store: CassetteStore): TestAttempt {
  return attempt(
    { cassettePath: hooksCassettePath(settings.dir, suite), test: hooksLabel(suite), recordCommand: runner.recordCommand(suite, { whole: false }) },
    settings,
    runner,
    store,
    'hooks',
  )
}
