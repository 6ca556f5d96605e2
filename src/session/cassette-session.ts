import type { CassetteStore } from '../cassette/store.js'
import { CASSETTE_VERSION, type Interaction, type RecordedResponse } from '../cassette/types.js'
import { CassetteError } from '../errors.js'
import { Player } from '../match/player.js'
import type { Mode, ResolvedMode } from '../mode.js'
import { captureResponse } from '../openai/capture-response.js'
import type { OutgoingRequest } from '../openai/outgoing-request.js'
import { replayResponse } from '../openai/replay-response.js'
import { missError } from './miss-error.js'
import { assertNoSecrets } from './secret-guard.js'

/** Set as OPENAI_API_KEY by the runner setup when none is set, so `new OpenAI()` constructs in CI. */
export const PLACEHOLDER_API_KEY = 'llm-cassettes-no-api-key'


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
}

/** One SDK call, as the session needs it. */
export interface Call {
  request: OutgoingRequest
  url: string
  apiKey: string | undefined
  sendLive(): Promise<Response>
}

interface Slot {
  request: Interaction['request']
  response?: RecordedResponse
}

/** One attempt of one test: serves its calls from its cassette or the network, and writes what it recorded. */
export class CassetteSession {
  private player: Promise<Player> | undefined
  private readonly slots: Slot[] = []
  private readonly captures: Promise<void>[] = []
  private readonly secrets = new Set<string>()
  private resolved: ResolvedMode | undefined

  constructor(readonly options: SessionOptions) {}

  get mode(): Mode {
    return this.resolvedMode.mode
  }

  get resolvedMode(): ResolvedMode {
    this.resolved ??= this.options.resolveMode()
    return this.resolved
  }

  async handle(call: Call): Promise<Response> {
    if (call.apiKey) this.secrets.add(call.apiKey)
    const { mode } = this
    if (mode === 'live') return call.sendLive()
    if (mode === 'record') {
      // Record mode replays nothing, so the cassette is not read before the call: recording adds no latency.
      // A corrupt cassette is still refused, never overwritten, when the test's calls are written (finish).
      this.assertCanGoLive(call)
      return this.record(call)
    }
    const player = await this.load()
    const recorded = player.take(call.request.canonical)
    if (recorded) return replayResponse(recorded, call.url, call.request.signal)
    if (mode === 'replay') throw missError(this.options, this.resolvedMode, call.request, player)
    this.assertCanGoLive(call)
    return this.record(call)
  }

  /** Waits for bodies still being read, then writes the cassette if anything was recorded. */
  async finish(): Promise<void> {
    await Promise.all(this.captures)
    const recorded = this.slots.flatMap((slot) => (slot.response ? [{ request: slot.request, response: slot.response }] : []))
    if (recorded.length === 0 || this.resolved === undefined) return
    const { mode } = this.resolved
    if (mode === 'live' || mode === 'replay') return
    const { cassettePath, test } = this.options
    await this.options.store.update(
      cassettePath,
      (current) => ({
        version: CASSETTE_VERSION,
        test,
        interactions: [...(mode === 'record' ? [] : (current?.interactions ?? [])), ...recorded],
      }),
      (text, cassette) => assertNoSecrets(text, cassette, this.secrets, this.options.displayPath),
    )
  }

  private load(): Promise<Player> {
    this.player ??= this.options.store.read(this.options.cassettePath).then((cassette) => new Player(cassette?.interactions ?? []))
    return this.player
  }

  private async record(call: Call): Promise<Response> {
    // The slot is taken before sending, so parallel calls are stored in call order, not arrival order.
    const slot: Slot = { request: call.request.recorded }
    this.slots.push(slot)
    let live: Response
    try {
      live = await call.sendLive()
    } catch (error) {
      this.slots.splice(this.slots.indexOf(slot), 1)
      throw error
    }
    const capture = captureResponse(call.request.recorded.endpoint, live)
    slot.response = capture.recorded
    this.captures.push(capture.done)
    return capture.response
  }

  private assertCanGoLive(call: Call): void {
    if (call.apiKey !== PLACEHOLDER_API_KEY) return
    const { method, endpoint, model } = call.request.recorded
    throw new CassetteError(
      `OPENAI_API_KEY is not set, so ${method} ${endpoint}${model ? ` (model ${model})` : ''} cannot be sent live ` +
        `to record ${this.options.displayPath} (mode ${this.mode}: ${this.resolvedMode.reason}). ` +
        'Set OPENAI_API_KEY (any value works for a local server) and run again.',
      { code: 'ERR_CASSETTE_NO_API_KEY', cassettePath: this.options.cassettePath },
    )
  }
}
