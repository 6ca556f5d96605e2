import type { Interaction } from '../cassette/types.js'
import type { CanonicalRequest } from '../match/canonical.js'
import { canonicalFromRecorded } from '../match/canonical.js'
import type { RecordingSource } from '../session/recording-source.js'
import { loadRecordings, type LoadedRecordings } from './load-recordings.js'

/**
 * Serves llama-stack recordings by request. Unlike a test's cassette, a recording can serve any number of
 * calls, as it does in llama-stack; a request recorded several times is served in file-path order, one per
 * call, the last one repeating.
 */
export class RecordingsPlayer implements RecordingSource {
  private readonly served = new Map<string, number>()

  constructor(
    readonly loaded: LoadedRecordings,
    private readonly byKey = indexByRequest(loaded),
  ) {}

  fresh(): RecordingsPlayer {
    return new RecordingsPlayer(this.loaded, this.byKey)
  }

  take(request: CanonicalRequest): Interaction | undefined {
    const candidates = this.byKey.get(request.key)
    if (!candidates) return undefined
    const count = this.served.get(request.key) ?? 0
    this.served.set(request.key, count + 1)
    return candidates[Math.min(count, candidates.length - 1)]
  }

  describe(): string {
    const { dirs, replayable, problems } = this.loaded
    const broken = problems.length > 0 ? `; ${problems.length} unreadable file(s): ${problems.map((p) => p.cassettePath).join(', ')}` : ''
    return `llama-stack recordings in ${dirs.join(', ')} (${replayable.length} replayable requests${broken}) hold no match either`
  }
}

function indexByRequest(loaded: LoadedRecordings): Map<string, Interaction[]> {
  const byKey = new Map<string, Interaction[]>()
  for (const { interaction } of loaded.replayable) {
    const key = canonicalFromRecorded(interaction.request).key
    byKey.set(key, [...(byKey.get(key) ?? []), interaction])
  }
  return byKey
}

function warn(loaded: LoadedRecordings): void {
  for (const problem of loaded.problems) process.emitWarning(problem.message, { code: 'LLM_CASSETTES_BAD_RECORDING' })
  for (const duplicate of loaded.duplicates) {
    process.emitWarning(
      `[llm-cassettes] ${duplicate.request} is recorded ${duplicate.files.length} times with different responses; ` +
        `replay serves them in this order, one per call, the last one repeating: ${duplicate.files.join(', ')}`,
      { code: 'LLM_CASSETTES_DUPLICATE_RECORDING' },
    )
  }
}

/** Loads the directories once, on first use, and reports broken files and duplicates as process warnings. */
export function lazyRecordingsPlayer(dirs: readonly string[]): () => Promise<RecordingsPlayer> {
  let player: Promise<RecordingsPlayer> | undefined
  return () => {
    player ??= loadRecordings(dirs).then((loaded) => {
      warn(loaded)
      return new RecordingsPlayer(loaded)
    })
    return player
  }
}
