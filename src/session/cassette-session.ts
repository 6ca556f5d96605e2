import type { CassetteStore } from '../cassette/store.js'
import { CASSETTE_VERSION, type Interaction, type RecordedResponse } from '../cassette/types.js'
import { NOT_CHANGED } from '../cassette/validate.js'
import { assertWritableFolder } from '../cassette/writable-folder.js'
import { CassetteError } from '../errors.js'
import { canonicalFromRecorded } from '../match/canonical.js'
import { captureResponse } from '../exchange/capture-response.js'
import type { OutgoingRequest } from '../exchange/outgoing-request.js'
import { replayProblem } from '../exchange/replay-check.js'
import { replayResponse } from '../exchange/replay-response.js'
import type { WireFormat } from '../cassette/wire-format.js'
import { normalizeIds } from '../cassette/normalize-ids.js'
import { Player } from '../match/player.js'
import type { Mode, ResolvedMode } from '../mode.js'
import type { RedactOption, Redactor } from '../safety/redaction.js'
import { assertNoSecrets } from '../safety/secret-guard.js'
import { requestLabel } from '../util/request-label.js'
import { missError } from './miss-error.js'
import type { RecordingSource } from './recording-source.js'
import type { SessionSummary } from './session-summary.js'
import { tokensOf } from './tokens.js'

/** Which file a session reads and writes. `useCassette()` points it elsewhere. */
export interface CassetteTarget {
  /** Absolute path of the cassette file. */
  cassettePath: string
  /** The same path as the user should read it (relative to the project root). */
  displayPath: string
  /** `test/chat.test.ts > chat > streams a greeting`, or for a shared cassette its name. */
  test: string
}

export interface SessionOptions {
  /** Absolute path of the cassette file. */
  cassettePath: string
  /** The same path as the user should read it (relative to the project root). */
  displayPath: string
  /** `test/chat.test.ts > chat > streams a greeting` */
  test: string
  /**
   * The mode and why, asked for on the first call: a runner's snapshot state is only final once the test
   * itself has started.
   */
  resolveMode: () => ResolvedMode
  /** The shell command that records this test's cassette. */
  recordCommand: string
  store: CassetteStore
  /** The runner's redaction rules (`cassettes({ redact })`); a client's own rules add to them. */
  redact?: RedactOption | undefined
  /** The runner's known false positives for the secret guard. */
  allowedSecrets?: readonly string[] | undefined
  /** Where `useCassette(name)` points; without it, `useCassette` is an error. */
  namedCassette?: ((name: string) => CassetteTarget) | undefined
  /** Write response ids as `rec-<hash12>` and `created` as 0 (what the test sees is not changed). */
  normalizeIds?: boolean
  /** The hosts whose calls `llm-cassettes/auto-fetch` takes, when the project names them (`fetchHosts`). */
  fetchHosts?: readonly string[] | undefined
}

/** One SDK call, as the session needs it. */
export interface Call {
  request: OutgoingRequest
  /** The redaction that made `request`; it also makes the stored copy of the response. */
  redactor: Redactor
  /** How the provider's responses are stored and rebuilt. */
  format: WireFormat
  url: string
  /** The credentials the client holds: never written to a cassette in any form. */
  credentials: readonly string[]
  /** Set when the client holds only the runner's placeholder key: the environment variable that would give it a real one. */
  missingKey?: string
  /** The SDK's abort signal for this attempt, honoured in replay as fetch would. */
  signal: AbortSignal
  allowedSecrets: readonly string[]
  sendLive(): Promise<Response>
  /** Consulted after the cassette, when the cassette has no recording and the mode is not `record`. */
  recordings?: () => Promise<RecordingSource>
}

export interface Served {
  response: Response
  /** True when the response came from the cassette. */
  replayed: boolean
}

interface Slot {
  request: Interaction['request']
  redactor: Redactor
  format: WireFormat
  response?: RecordedResponse
}

/** One attempt of one test: serves its calls from its cassette or the network, and writes what it recorded. */
export class CassetteSession {
  private player: Promise<Player> | undefined
  private readonly slots: Slot[] = []
  private readonly captures: Promise<void>[] = []
  private readonly secrets = new Set<string>()
  private readonly allowedSecrets: Set<string>
  private resolved: ResolvedMode | undefined
  private target: CassetteTarget
  /** True once `useCassette()` named the file: other tests may write to it too. */
  private shared = false
  /** Each source's served counts belong to this attempt, so a test replays the same way alone or in its file. */
  private readonly recordingViews = new Map<RecordingSource, RecordingSource>()
  private loadedPlayer: Player | undefined
  private replayed = 0
  private missed = 0
  private tokensSaved = 0
  private saved = false

  constructor(readonly options: SessionOptions) {
    this.target = { cassettePath: options.cassettePath, displayPath: options.displayPath, test: options.test }
    this.allowedSecrets = new Set(options.allowedSecrets ?? [])
  }

  /** Points this test at a named cassette, which other tests may share. Only before the first call. */
  useCassette(name: string): void {
    if (typeof name !== 'string' || name.trim() === '') {
      throw new CassetteError(`useCassette() needs a non-empty name, got ${JSON.stringify(name)}`, { code: 'ERR_CASSETTE_NAME' })
    }
    if (this.player || this.slots.length > 0) {
      throw new CassetteError(
        `useCassette(${JSON.stringify(name)}) was called after the test's first call, which already used ${this.target.displayPath}. Call it first.`,
        { code: 'ERR_CASSETTE_NAME', cassettePath: this.target.cassettePath },
      )
    }
    if (!this.options.namedCassette) {
      throw new CassetteError('useCassette() needs the runner integration (`cassettes()` in vitest.config.ts).', { code: 'ERR_CASSETTE_NAME' })
    }
    this.target = this.options.namedCassette(name)
    this.shared = true
  }

  get mode(): Mode {
    return this.resolvedMode.mode
  }

  get resolvedMode(): ResolvedMode {
    this.resolved ??= this.options.resolveMode()
    return this.resolved
  }

  async handle(call: Call): Promise<Served> {
    for (const credential of call.credentials) this.secrets.add(credential)
    for (const text of call.allowedSecrets) this.allowedSecrets.add(text)
    const { mode } = this
    if (mode === 'live') return { response: await call.sendLive(), replayed: false }
    // A mode that may record checks, before anything is read or sent, that what it records can be saved.
    if (mode !== 'replay') assertWritableFolder(this.target.cassettePath, this.target.displayPath)
    if (mode === 'record') {
      // Record mode replays nothing, so the cassette is not read before the call: recording adds no latency.
      // A corrupt cassette is still refused, never overwritten, when the test's calls are written (finish).
      this.assertCanGoLive(call)
      return { response: await this.record(call), replayed: false }
    }
    const player = await this.load()
    const recorded = player.take(call.request.canonical)
    if (recorded) return this.replay(recorded, call)
    const recordings = call.recordings ? this.viewOf(await call.recordings()) : undefined
    const fromRecordings = recordings?.take(call.request.canonical)
    if (fromRecordings) return this.replay(fromRecordings, call)
    if (mode === 'replay') {
      this.missed += 1
      throw missError({ ...this.options, ...this.target }, this.resolvedMode, call.request, player, recordings)
    }
    this.assertCanGoLive(call)
    return { response: await this.record(call), replayed: false }
  }

  /**
   * Waits for bodies still being read, then writes the cassette if anything was recorded. `save: false` (a failed
   * test under `saveOnFailure: false`) writes nothing.
   */
  async finish({ save = true }: { save?: boolean } = {}): Promise<void> {
    await Promise.all(this.captures)
    if (this.resolved === undefined || !save) return
    const { mode } = this.resolved
    if (mode === 'live' || mode === 'replay') return
    const normalize = this.options.normalizeIds ? normalizeIds : (interaction: Interaction) => interaction
    const recorded = this.slots.flatMap((slot) =>
      slot.response ? [normalize({ request: slot.request, response: slot.redactor.response(slot.response, slot.request, slot.format) })] : [],
    )
    if (recorded.length === 0) return
    const { cassettePath, displayPath, test } = this.target
    await this.options.store.update(
      cassettePath,
      (current) => ({ version: CASSETTE_VERSION, test, interactions: this.merge(current?.interactions ?? [], recorded, mode) }),
      (text, cassette) => assertNoSecrets(text, cassette, { keys: this.secrets, allowed: this.allowedSecrets }, displayPath),
    )
    this.saved = true
  }

  /** What this attempt did with its cassette; complete once `finish()` has returned. */
  summary(): SessionSummary {
    const player = this.loadedPlayer
    return {
      cassettePath: this.target.cassettePath,
      shared: this.shared,
      mode: this.resolved?.mode,
      replayed: this.replayed,
      recorded: this.slots.filter((slot) => slot.response).length,
      missed: this.missed,
      tokensSaved: this.tokensSaved,
      unused: player ? player.interactions.flatMap((_, index) => (player.used.has(index) ? [] : [index])) : undefined,
      saved: this.saved,
    }
  }

  private replay(interaction: Interaction, call: Call): Served {
    const problem = replayProblem(call.format, interaction)
    if (problem) {
      const index = this.loadedPlayer?.interactions.indexOf(interaction) ?? -1
      // A recording from a llama-stack directory, not the cassette, is named by its request.
      const where = index === -1 ? `the recording of ${requestLabel(interaction.request)}` : this.target.displayPath
      throw new CassetteError(`${where}: $${index === -1 ? '' : `.interactions[${index}]`}${problem.path} ${problem.problem}. ${NOT_CHANGED}`, {
        code: 'ERR_CASSETTE_FORMAT',
        cassettePath: this.target.cassettePath,
      })
    }
    this.replayed += 1
    this.tokensSaved += tokensOf(interaction, call.format)
    return { response: replayResponse(call.format, interaction, call.url, call.signal), replayed: true }
  }

  /**
   * `record` rewrites a test's own cassette with exactly its calls; in a shared cassette it replaces only the
   * recordings of the requests this test made, keeping other tests'. `auto` appends.
   */
  private merge(current: readonly Interaction[], recorded: readonly Interaction[], mode: Mode): Interaction[] {
    if (mode !== 'record') return [...current, ...recorded]
    if (!this.shared) return [...recorded]
    const rerecorded = new Set(recorded.map((interaction) => canonicalFromRecorded(interaction.request).key))
    return [...current.filter((interaction) => !rerecorded.has(canonicalFromRecorded(interaction.request).key)), ...recorded]
  }

  private viewOf(source: RecordingSource): RecordingSource {
    let view = this.recordingViews.get(source)
    if (!view) {
      view = source.fresh()
      this.recordingViews.set(source, view)
    }
    return view
  }

  private load(): Promise<Player> {
    this.player ??= this.options.store.read(this.target.cassettePath).then((cassette) => {
      this.loadedPlayer = new Player(cassette?.interactions ?? [])
      return this.loadedPlayer
    })
    return this.player
  }

  private async record(call: Call): Promise<Response> {
    // The slot is taken before sending, so parallel calls are stored in call order, not arrival order.
    const slot: Slot = { request: call.request.recorded, redactor: call.redactor, format: call.format }
    this.slots.push(slot)
    let live: Response
    try {
      live = await call.sendLive()
    } catch (error) {
      this.slots.splice(this.slots.indexOf(slot), 1)
      throw error
    }
    const capture = captureResponse(call.format, call.request.recorded.endpoint, live, call.signal)
    slot.response = capture.recorded
    this.captures.push(capture.done)
    return capture.response
  }

  private assertCanGoLive(call: Call): void {
    if (call.missingKey === undefined) return
    throw new CassetteError(
      `${call.missingKey} is not set, so ${requestLabel(call.request.recorded)} cannot be sent live ` +
        `to record ${this.target.displayPath} (mode ${this.mode}: ${this.resolvedMode.reason}). ` +
        `Set ${call.missingKey} (any value works for a local server) and run again.`,
      { code: 'ERR_CASSETTE_NO_API_KEY', cassettePath: this.target.cassettePath },
    )
  }
}
