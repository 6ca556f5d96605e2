import { relative } from 'node:path'
import { cassettePathFor, namedCassettePath, testLabel, type TestIdentity } from '../cassette/paths.js'
import type { CassetteStore } from '../cassette/store.js'
import { MODE_ENV_VAR, resolveMode, type SnapshotUpdateState } from '../mode.js'
import { CassetteSession } from '../session/cassette-session.js'
import type { SessionSummary } from '../session/session-summary.js'
import type { RunnerSettings } from '../settings/resolve.js'

/** What a runner integration tells about itself; the rest of a test attempt is the same for every runner. */
export interface RunnerInfo {
  /** The shell command that records one test's cassette, e.g. `npx vitest run <file> -t <pattern>`. */
  recordCommand(identity: TestIdentity): string
  /** The runner's snapshot update state, asked for on the test's first call (only final once the test has started). */
  updateState(): SnapshotUpdateState | undefined
}

/** One attempt of one test: the session its calls use, and how the attempt ends. */
export interface TestAttempt {
  session: CassetteSession
  /** Writes what the attempt recorded (not when it failed under `saveOnFailure: false`) and says what it did. */
  finish(failed: boolean): Promise<SessionSummary>
}

const shown = (root: string, path: string) => relative(root, path) || path

/** The one place a test attempt's session is built, for every runner, from its identity and the project's settings. */
export function startTestAttempt(identity: TestIdentity, settings: RunnerSettings, runner: RunnerInfo, store: CassetteStore): TestAttempt {
  const cassettePath = cassettePathFor(settings.dir, identity)
  const session = new CassetteSession({
    cassettePath,
    displayPath: shown(settings.root, cassettePath),
    test: testLabel(identity),
    resolveMode: () => resolveMode({ option: settings.mode, env: process.env[MODE_ENV_VAR], updateState: runner.updateState() }),
    recordCommand: runner.recordCommand(identity),
    store,
    redact: settings.redact,
    allowedSecrets: settings.allowedSecrets,
    namedCassette: (name) => {
      const path = namedCassettePath(settings.dir, name)
      return { cassettePath: path, displayPath: shown(settings.root, path), test: `useCassette(${JSON.stringify(name)})` }
    },
    normalizeIds: settings.normalizeIds === true,
    fetchHosts: settings.fetchHosts,
  })
  return {
    session,
    async finish(failed) {
      await session.finish({ save: !failed || settings.saveOnFailure !== false })
      return session.summary()
    },
  }
}
