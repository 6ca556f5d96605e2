import type { CanonicalRequest } from './canonical.js'
import type { IgnoredField } from './masked.js'
import { differences } from './nearest.js'

/** An id as servers write them: no whitespace. A changed sentence never passes for one. */
const ID_SHAPED = /^\S+$/

const WHY = 'an id from an earlier replayed response'

/**
 * When `actual` differs from `recorded` only where it holds an id the test received from an earlier replayed
 * response (and the recording holds another id there), the fields that differ; otherwise undefined. A recording
 * made by a recorder that renamed response ids but not the later requests quoting them (llama-stack's) then
 * still replays. The method, the query and the body's shape must be the same.
 */
export function receivedIdDifferences(recorded: CanonicalRequest, actual: CanonicalRequest, received: ReadonlySet<string>): IgnoredField[] | undefined {
  if (recorded.method !== actual.method || recorded.query !== actual.query) return undefined
  const tolerated: IgnoredField[] = []
  if (recorded.endpoint !== actual.endpoint) {
    const [was, now] = [recorded.endpoint.split('/'), actual.endpoint.split('/')]
    if (was.length !== now.length) return undefined
    for (let i = 0; i < was.length; i++) {
      if (was[i] === now[i]) continue
      if (!received.has(now[i]!)) return undefined
      tolerated.push({ path: 'endpoint', why: WHY })
    }
  }
  const bodies = { ...recorded, endpoint: '', query: '' }
  for (const difference of differences(bodies, { ...actual, endpoint: '', query: '' })) {
    const { recorded: was, actual: now } = difference
    if (typeof was !== 'string' || typeof now !== 'string' || !received.has(now) || !ID_SHAPED.test(was)) return undefined
    tolerated.push({ path: difference.path, why: WHY })
  }
  return tolerated.length > 0 ? tolerated : undefined
}
