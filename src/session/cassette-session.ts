import type { CassetteStore } from '../cassette/store.js'
import { CASSETTE_VERSION, type Interaction, type RecordedResponse } from '../cassette/types.js'
import { NOT_CHANGED } from '../cassette/validate.js'
import { assertWritableFolder } from '../cassette/writable-folder.js'
import { CassetteError } from '../errors.js'
import { canonicalFromRecorded } from '../match/canonical.js'
import { captureResponse } from '../exchange/capture-response.js'
import type { OutgoingRequest } from '../exchange/outgoing-request.js'
import { checkReplayTiming, pacingFor, streamTimingOf, type ReplayTiming } from '../exchange/pacing.js'
import { replayProblem } from '../exchange/replay-check.js'
import { replayResponse } from '../exchange/replay-response.js'
import type { VolatileFields, WireFormat } from '../cassette/wire-format.js'
import { IdNormalizer } from '../cassette/normalize-ids.js'
import { idsIn, LLAMA_STACK_FIELDS } from '../cassette/volatile-walk.js'
import { compileMatchRules, type IgnoreRules, type MatchRules } from '../match/ignore.js'
import { Player } from '../match/player.js'
import type { Mode, ResolvedMode } from '../mode.js'
import type { RedactOption, Redactor } from '../safety/redaction.js'
import { assertNoSecrets } from '../safety/secret-guard.js'
import { requestLabel } from '../util/request-label.js'
import { missError, type EarlierCall } from './miss-error.js'
import type { RecordingSource } from './recording-source.js'
import type { SessionSummary } from './session-summary.js'
import { keepUnchanged } from './keep-unchanged.js'
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
  /**
   * Write the values a server makes up on every call (ids, clock readings, fingerprints, timings) as stable
   * stand-ins, the same id the same way wherever it reappears (what the test sees is not changed).
   */
  normalizeIds?: boolean
  /** The runner's rules for what matching leaves out; a client's own rules add to them. */
  ignore?: IgnoreRules | undefined
  /** How replayed streams are paced (`cassettes({ replayTiming })`); `useReplayTiming()` overrides it per test. */
  replayTiming?: ReplayTiming | undefined
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
  /** The client's own rules for what matching leaves out (`wrapOpenAI(client, { ignore })`). */
  ignore?: IgnoreRules | undefined
}

export interface Served {
  response: Response
  /** True when the response came from the cassette. */
  replayed: boolean
}

/** A call sent live: what is stored once its response has been read. */
interface Slot {
  request: Interaction['request']
  redactor: Redactor
  format: WireFormat
  response?: RecordedResponse
}

/** One call of the test, in call order: served from the cassette, from other recordings, or sent live. */
type Step = { kind: 'pending' } | { kind: 'replayed'; index: number; interaction: Interaction } | { kind: 'recordings' } | { kind: 'live'; slot: Slot }

/** One attempt of one test: serves its calls from its cassette or the network, and writes what it recorded. */
export class CassetteSession {
  private player: Promise<Player> | undefined
  private readonly steps: Step[] = []
  private readonly captures: Promise<void>[] = []
  private readonly secrets = new Set<string>()
  private readonly allowedSecrets: Set<string>
  private resolved: ResolvedMode | undefined
  private target: CassetteTarget
  /** True once `useCassette()` named the file: other tests may write to it too. */
  private shared = false
  /** Each source's served counts belong to this attempt, so a test replays the same way alone or in its file. */
  private readonly recordingViews = new Map<RecordingSource, RecordingSource>()
  private readonly normalizer: IdNormalizer | undefined
  /** Match rules per client rule set (the runner's plus the client's), built once each. */
  private readonly rules = new Map<IgnoreRules | undefined, MatchRules>()
  /** Ids this test received in replayed responses: a later request quoting one still matches. */
  private readonly received = new Set<string>()
  /**
   * Replayed response bodies whose ids are not in `received` yet: walked only when a request finds no exact
   * match (a replayed 1,000-chunk stream took ~1 ms to walk on every replay, and a request that matches never
   * needs them).
   */
  private unwalked: { bodies: readonly unknown[]; fields: VolatileFields }[] = []
  private timing: ReplayTiming
  private loadedPlayer: Player | undefined
  private replayed = 0
  private missed = 0
  private tokensSaved = 0
  private saved = false
  /** Indexes, in the written cassette, of the interactions kept although no call used them (an `update` of a failed test). */
  private keptUnused: number[] | undefined
  /** The summary `close()` took. */
  private closed: SessionSummary | undefined

  constructor(readonly options: SessionOptions) {
    this.target = { cassettePath: options.cassettePath, displayPath: options.displayPath, test: options.test }
    this.allowedSecrets = new Set(options.allowedSecrets ?? [])
    this.normalizer = options.normalizeIds ? new IdNormalizer() : undefined
    this.timing = options.replayTiming ?? 'instant'
  }

  /** Points this test at a named cassette, which other tests may share. Only before the first call. */
  useCassette(name: string): void {
    if (typeof name !== 'string' || name.trim() === '') {
      throw new CassetteError(`useCassette() needs a non-empty name, got ${JSON.stringify(name)}`, { code: 'ERR_CASSETTE_NAME' })
    }
    if (this.player || this.steps.length > 0) {
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

  /** How this test's replayed streams are paced from now on (`useReplayTiming()`). */
  useReplayTiming(timing: ReplayTiming): void {
    this.timing = checkReplayTiming(timing, 'useReplayTiming()')
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
    // The step is taken before anything is awaited, so parallel calls keep the order they were made in.
    const step = { kind: 'pending' } as Step
    this.steps.push(step)
    // When the SDK sent the request: a paced replay counts the recorded arrival times from here, so reading the cassette takes none of them.
    const sentAt = performance.now()
    try {
      return await this.serve(call, mode, step, sentAt)
    } catch (error) {
      // A call that failed before it was served (a miss, no key to go live, a network error) is no call of the cassette.
      if (step.kind === 'pending' || (step.kind === 'live' && !step.slot.response)) this.steps.splice(this.steps.indexOf(step), 1)
      throw error
    }
  }

  private async serve(call: Call, mode: Mode, step: Step, sentAt: number): Promise<Served> {
    const request = this.matchedRequest(call.request)
    if (mode === 'record') {
      // Record mode replays nothing, so the cassette is not read before the call: recording adds no latency.
      // A corrupt cassette is still refused, never overwritten, when the test's calls are written (finish).
      this.assertCanGoLive(call)
      return { response: await this.record(call, request, step), replayed: false }
    }
    const player = await this.load()
    const rules = this.rulesFor(call)
    const match = player.take(request.canonical, rules, () => this.receivedIds())
    if (match) {
      const served = this.replay(match.interaction, call, sentAt)
      Object.assign(step, { kind: 'replayed', index: match.index, interaction: match.interaction })
      return served
    }
    const recordings = call.recordings ? this.viewOf(await call.recordings()) : undefined
    const fromRecordings = recordings?.take(request.canonical)
    if (fromRecordings) {
      const served = this.replay(fromRecordings, call, sentAt)
      Object.assign(step, { kind: 'recordings' })
      return served
    }
    if (mode === 'replay') {
      this.missed += 1
      const earlier = this.earlierCalls(step)
      const position = { call: earlier.length + 1, earlier }
      throw missError({ ...this.options, ...this.target }, this.resolvedMode, request, player, { rules, received: this.receivedIds(), position, recordings })
    }
    this.assertCanGoLive(call)
    return { response: await this.record(call, request, step), replayed: false }
  }

  /**
   * Waits for bodies still being read, then writes the cassette if anything was recorded. `save: false` (a failed
   * test under `saveOnFailure: false`) writes nothing; `failed` keeps, in `update` mode, the recordings the test
   * did not get to.
   */
  async finish({ save = true, failed = false }: { save?: boolean; failed?: boolean } = {}): Promise<void> {
    await Promise.all(this.captures)
    if (this.resolved === undefined || !save) return
    const { mode } = this.resolved
    if (mode === 'live' || mode === 'replay') return
    const slots = this.slots()
    if (slots.length === 0) return
    const stored = new Map(slots.map((slot) => [slot, this.stored(slot)]))
    const recorded = [...stored.values()]
    const { cassettePath, displayPath, test } = this.target
    await this.options.store.update(
      cassettePath,
      (current) => ({ version: CASSETTE_VERSION, test, interactions: this.merge(current?.interactions ?? [], recorded, stored, mode, failed) }),
      (text, cassette) => assertNoSecrets(text, cassette, { keys: this.secrets, allowed: this.allowedSecrets }, displayPath),
    )
    this.saved = true
  }

  /**
   * The summary, kept, and what the attempt held to replay and record let go. A runner may keep a finished
   * session reachable until its test file ends (Vitest's per-test abort listener holds the async context the
   * session was its store in), and the parsed cassette must not stay with it.
   */
  close(): SessionSummary {
    this.closed ??= this.summary()
    this.player = undefined
    this.loadedPlayer = undefined
    this.steps.length = 0
    this.captures.length = 0
    this.unwalked = []
    this.received.clear()
    this.recordingViews.clear()
    return this.closed
  }

  /** What this attempt did with its cassette; complete once `finish()` has returned. */
  summary(): SessionSummary {
    if (this.closed) return this.closed
    const player = this.loadedPlayer
    const rewritten = this.saved && this.resolved?.mode === 'update' && !this.shared
    return {
      cassettePath: this.target.cassettePath,
      shared: this.shared,
      mode: this.resolved?.mode,
      replayed: this.replayed,
      recorded: this.slots().filter((slot) => slot.response).length,
      missed: this.missed,
      tokensSaved: this.tokensSaved,
      unused: rewritten ? (this.keptUnused ?? []) : player ? player.interactions.flatMap((_, index) => (player.used.has(index) ? [] : [index])) : undefined,
      saved: this.saved,
    }
  }

  private slots(): Slot[] {
    return this.steps.flatMap((step) => (step.kind === 'live' && step.slot.response ? [step.slot] : []))
  }

  /** The request as matched and stored: with `normalizeIds`, the ids this test received live are replaced as the cassette names them. */
  private matchedRequest(request: OutgoingRequest): OutgoingRequest {
    if (!this.normalizer) return request
    for (const slot of this.slots()) this.normalizer.learn(slot.request, slot.response!, slot.format.volatileFields)
    const recorded = this.normalizer.request(request.recorded)
    return recorded === request.recorded ? request : { ...request, recorded, canonical: canonicalFromRecorded(recorded) }
  }

  private rulesFor(call: Call): MatchRules {
    let rules = this.rules.get(call.ignore)
    if (!rules) this.rules.set(call.ignore, (rules = compileMatchRules([this.options.ignore, call.ignore])))
    return rules
  }

  /** The interaction as the cassette keeps it: redacted, and normalised when asked. */
  private stored(slot: Slot): Interaction {
    const interaction: Interaction = { request: slot.request, response: slot.redactor.response(slot.response!, slot.request, slot.format) }
    return this.normalizer ? this.normalizer.interaction(interaction, slot.format.volatileFields) : interaction
  }

  /** Earlier calls of this test that were served, for a miss: which recording each matched. */
  private earlierCalls(before: Step): EarlierCall[] {
    return this.steps
      .slice(0, this.steps.indexOf(before))
      .flatMap((step): EarlierCall[] => (step.kind === 'replayed' ? [{ recording: step.index }] : step.kind === 'pending' ? [] : [{ source: step.kind }]))
  }

  /** The ids received so far, the replayed bodies not walked yet walked now. */
  private receivedIds(): ReadonlySet<string> {
    for (const { bodies, fields } of this.unwalked) for (const body of bodies) for (const id of idsIn(body, fields)) this.received.add(id)
    this.unwalked = []
    return this.received
  }

  private replay(interaction: Interaction, call: Call, sentAt: number): Served {
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
    const fields = call.format.volatileFields ?? LLAMA_STACK_FIELDS
    const { response } = interaction
    if (!response.is_exception) this.unwalked.push({ bodies: response.is_streaming && Array.isArray(response.body) ? response.body : [response.body], fields })
    const pacing = response.is_streaming ? pacingFor(streamTimingOf(response), this.timing, sentAt) : undefined
    return { response: replayResponse(call.format, interaction, call.url, call.signal, pacing), replayed: true }
  }

  /**
   * `record` rewrites a test's own cassette with exactly its calls (a re-recorded call identical to its recording
   * but for arrival times keeps the recording, so a re-record that changes nothing changes no byte); in a shared
   * cassette it replaces only the recordings of the requests this test made, keeping other tests'. `update` rewrites a test's own cassette with
   * the calls it made in call order, the replayed ones byte for byte (and, when the test failed, the recordings
   * it did not get to after them). `auto`, and `update` of a shared cassette, append.
   */
  private merge(
    current: readonly Interaction[],
    recorded: readonly Interaction[],
    stored: ReadonlyMap<Slot, Interaction>,
    mode: Mode,
    failed: boolean,
  ): Interaction[] {
    if (mode === 'record') {
      const kept = keepUnchanged(current, recorded)
      if (!this.shared) return kept
      const rerecorded = new Set(recorded.map((interaction) => canonicalFromRecorded(interaction.request).key))
      return [...current.filter((interaction) => !rerecorded.has(canonicalFromRecorded(interaction.request).key)), ...kept]
    }
    if (mode !== 'update' || this.shared) return [...current, ...recorded]
    const made = this.steps.flatMap((step) => {
      if (step.kind === 'replayed') return [step.interaction]
      if (step.kind === 'live' && stored.has(step.slot)) return [stored.get(step.slot)!]
      return []
    })
    const player = this.loadedPlayer
    const left = failed && player ? player.interactions.filter((_, index) => !player.used.has(index)) : []
    this.keptUnused = left.map((_, offset) => made.length + offset)
    return [...made, ...left]
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

  private async record(call: Call, request: OutgoingRequest, step: Step): Promise<Response> {
    const slot: Slot = { request: request.recorded, redactor: call.redactor, format: call.format }
    Object.assign(step, { kind: 'live', slot })
    const startedAt = performance.now()
    const live = await call.sendLive()
    const capture = captureResponse(call.format, request.recorded.endpoint, live, call.signal, startedAt)
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
