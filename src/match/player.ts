import type { Interaction } from '../cassette/types.js'
import { canonicalFromRecorded, type CanonicalRequest } from './canonical.js'
import { DEFAULT_MATCH_RULES, type MatchRules } from './ignore.js'
import { maskRequest, type IgnoredField, type MaskedRequest } from './masked.js'
import { differences, type Difference } from './nearest.js'
import { receivedIdDifferences } from './received-ids.js'

/** A recording that serves a request, and what matching left out to find it. */
export interface Match {
  index: number
  interaction: Interaction
  ignored: IgnoredField[]
}

/** How a request compares with one recording: the differences that count, and what was left out. */
export interface Comparison {
  differences: Difference[]
  ignored: IgnoredField[]
}

interface Index {
  requests: MaskedRequest[]
  byKey: Map<string, number[]>
}

const NONE: ReadonlySet<string> = new Set()

function mergeIgnored(...lists: IgnoredField[][]): IgnoredField[] {
  const seen = new Map<string, IgnoredField>()
  for (const field of lists.flat()) if (!seen.has(field.path)) seen.set(field.path, field)
  return [...seen.values()]
}

/**
 * Serves recorded interactions by request: identical requests (as the match rules see them) come back in recorded
 * order, each once. Failing that, a recording that differs only where the request quotes an id the test received
 * from an earlier replayed response is served. Never a similarity fallback.
 */
export class Player {
  private readonly canonical: CanonicalRequest[]
  private readonly usedIndexes = new Set<number>()
  private readonly indexes = new WeakMap<MatchRules, Index>()

  constructor(readonly interactions: readonly Interaction[]) {
    this.canonical = interactions.map((interaction) => canonicalFromRecorded(interaction.request))
  }

  /** The next unused recording of this request, marked used; undefined when there is none left. */
  take(request: CanonicalRequest, rules: MatchRules = DEFAULT_MATCH_RULES, receivedIds: () => ReadonlySet<string> = () => NONE): Match | undefined {
    const { requests, byKey } = this.indexFor(rules)
    const actual = maskRequest(request, rules)
    const exact = byKey.get(actual.key)?.find((candidate) => !this.usedIndexes.has(candidate))
    if (exact !== undefined) return this.use(exact, mergeIgnored(actual.ignored, requests[exact]!.ignored))
    if (!rules.ids) return undefined
    // Asked for only when no recording matches exactly: collecting the ids walks every replayed response.
    const received = receivedIds()
    if (received.size === 0) return undefined
    for (let index = 0; index < requests.length; index++) {
      if (this.usedIndexes.has(index)) continue
      const tolerated = receivedIdDifferences(requests[index]!, actual, received)
      if (tolerated) return this.use(index, mergeIgnored(actual.ignored, requests[index]!.ignored, tolerated))
    }
    return undefined
  }

  /** How many recordings of this request (as the rules see it) the cassette holds. */
  countOf(request: CanonicalRequest, rules: MatchRules = DEFAULT_MATCH_RULES): number {
    return this.indexFor(rules).byKey.get(maskRequest(request, rules).key)?.length ?? 0
  }

  /** The request against recording `index`, under the rules: what differs, and what was ignored. */
  compare(index: number, request: CanonicalRequest, rules: MatchRules = DEFAULT_MATCH_RULES, received: ReadonlySet<string> = NONE): Comparison {
    const recorded = this.indexFor(rules).requests[index]!
    const actual = maskRequest(request, rules)
    const found = differences(recorded, actual)
    const fromIds = rules.ids ? found.filter((difference) => typeof difference.actual === 'string' && received.has(difference.actual)) : []
    return {
      differences: found.filter((difference) => !fromIds.includes(difference)),
      ignored: mergeIgnored(
        actual.ignored,
        recorded.ignored,
        fromIds.map((difference) => ({ path: difference.path, why: 'an id from an earlier replayed response' })),
      ),
    }
  }

  recordedRequests(): readonly CanonicalRequest[] {
    return this.canonical
  }

  get used(): ReadonlySet<number> {
    return this.usedIndexes
  }

  private use(index: number, ignored: IgnoredField[]): Match {
    this.usedIndexes.add(index)
    return { index, interaction: this.interactions[index]!, ignored }
  }

  private indexFor(rules: MatchRules): Index {
    let index = this.indexes.get(rules)
    if (!index) {
      const requests = this.canonical.map((request) => maskRequest(request, rules))
      const byKey = new Map<string, number[]>()
      requests.forEach((request, position) => {
        const queue = byKey.get(request.key)
        if (queue) queue.push(position)
        else byKey.set(request.key, [position])
      })
      this.indexes.set(rules, (index = { requests, byKey }))
    }
    return index
  }
}
