import type { Interaction } from '../cassette/types.js'
import { canonicalFromRecorded, type CanonicalRequest } from './canonical.js'

/** Serves recorded interactions by request key; identical requests come back in recorded order, each once. */
export class Player {
  private readonly byKey = new Map<string, number[]>()
  private readonly canonical: CanonicalRequest[]
  private readonly usedIndexes = new Set<number>()

  constructor(readonly interactions: readonly Interaction[]) {
    this.canonical = interactions.map((interaction) => canonicalFromRecorded(interaction.request))
    this.canonical.forEach((request, index) => {
      const queue = this.byKey.get(request.key)
      if (queue) queue.push(index)
      else this.byKey.set(request.key, [index])
    })
  }

  /** The next unused recording of this exact request, marked used; undefined when there is none left. */
  take(request: CanonicalRequest): Interaction | undefined {
    const index = this.byKey.get(request.key)?.find((candidate) => !this.usedIndexes.has(candidate))
    if (index === undefined) return undefined
    this.usedIndexes.add(index)
    return this.interactions[index]
  }

  /** How many recordings of exactly this request the cassette holds. */
  countOf(request: CanonicalRequest): number {
    return this.byKey.get(request.key)?.length ?? 0
  }

  recordedRequests(): readonly CanonicalRequest[] {
    return this.canonical
  }

  get used(): ReadonlySet<number> {
    return this.usedIndexes
  }
}
