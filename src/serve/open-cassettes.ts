import { relative } from 'node:path'
import type { CassetteStore } from '../cassette/store.js'
import { CassetteError } from '../errors.js'
import { startTestAttempt, type RunnerInfo, type TestAttempt } from '../runner/test-attempt.js'
import type { CassetteSession } from '../session/cassette-session.js'
import type { SessionSummary } from '../session/session-summary.js'
import type { RunnerSettings } from '../settings/resolve.js'
import { randomHex } from '../util/hash.js'
import { choiceLabel, choicePath, type CassetteChoice } from './cassette-choice.js'

/** A cassette serve opened itself (a control call, a header, `--cassette`): one session until it is ended. */
export interface OpenCassette {
  id: string
  /** Absolute path of the cassette file. */
  path: string
  /** Relative to the project root. */
  displayPath: string
  label: string
  session: CassetteSession
  /** Opened by `POST /__llm-cassettes/cassette`: requests that name no cassette use it. */
  explicit: boolean
  /** Requests being served from it: ending it waits for them, so a stream is recorded whole. */
  inflight: Set<Promise<unknown>>
  attempt: TestAttempt
}

/** The cassettes serve has open, and the summaries of those it ended. Every session is built by startTestAttempt, as a runner's. */
export class OpenCassettes {
  private readonly byIdMap = new Map<string, OpenCassette>()
  private readonly endedLabels = new Map<string, string>()
  private readonly summaries: SessionSummary[] = []

  constructor(
    private readonly settings: RunnerSettings,
    private readonly store: CassetteStore,
    private readonly runner: RunnerInfo,
  ) {}

  /** The cassette dir of serve's own cassettes. */
  get dir(): string {
    return this.settings.dir
  }

  /** The open cassette at the file `choice` names, or a new session for it. */
  open(choice: CassetteChoice, explicit: boolean): OpenCassette {
    const path = choicePath(choice, this.settings.dir)
    const existing = [...this.byIdMap.values()].find((cassette) => cassette.path === path)
    if (existing) {
      existing.explicit ||= explicit
      return existing
    }
    let attempt: TestAttempt
    if (choice.kind === 'test') {
      attempt = startTestAttempt(choice.identity, this.settings, this.runner, this.store)
    } else {
      // A named cassette is what `useCassette(name)` makes of a test's session.
      attempt = startTestAttempt({ file: '', names: [choice.name], occurrence: 1 }, this.settings, this.runner, this.store)
      attempt.session.useCassette(choice.name)
    }
    const cassette: OpenCassette = {
      id: `c${randomHex(6)}`,
      path,
      displayPath: relative(this.settings.root, path) || path,
      label: choiceLabel(choice),
      session: attempt.session,
      explicit,
      inflight: new Set(),
      attempt,
    }
    this.byIdMap.set(cassette.id, cassette)
    return cassette
  }

  byId(id: string): OpenCassette | undefined {
    return this.byIdMap.get(id)
  }

  /** The label of a cassette that was open under `id` and has been ended. */
  endedLabel(id: string): string | undefined {
    return this.endedLabels.get(id)
  }

  all(): OpenCassette[] {
    return [...this.byIdMap.values()]
  }

  explicit(): OpenCassette[] {
    return this.all().filter((cassette) => cassette.explicit)
  }

  /** Waits for its requests, writes what it recorded (atomically, under the store's lock) and says what it did. */
  async end(cassette: OpenCassette): Promise<SessionSummary> {
    if (!this.byIdMap.delete(cassette.id)) {
      throw new CassetteError(`the cassette ${cassette.displayPath} was already ended`, { code: 'ERR_CASSETTE_NAME', cassettePath: cassette.path })
    }
    this.endedLabels.set(cassette.id, cassette.label)
    await Promise.allSettled(cassette.inflight)
    try {
      return await cassette.attempt.finish(false)
    } finally {
      // Counted even when the write was refused (then as not saved).
      this.summaries.push(cassette.session.summary())
    }
  }

  /** What every ended cassette did, for the summary line. */
  ended(): readonly SessionSummary[] {
    return this.summaries
  }
}
