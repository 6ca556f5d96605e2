import microdiff from 'microdiff'
import type { CanonicalRequest } from './canonical.js'
import { formatPath } from './masked.js'

// microdiff has only a default export. An ES module importing it gets the function; our CommonJS build gets what
// Node gives a CommonJS importer, microdiff's `module.exports` object `{ default: diff }`, as the default import.
const diff: typeof microdiff = (microdiff as unknown as { default?: typeof microdiff }).default ?? microdiff

export interface Difference {
  path: string
  recorded: unknown
  actual: unknown
}

export interface NearestMatch {
  index: number
  request: CanonicalRequest
  differences: Difference[]
}

function isObject(value: unknown): value is Record<string, unknown> | unknown[] {
  return typeof value === 'object' && value !== null
}

export function differences(recorded: CanonicalRequest, actual: CanonicalRequest): Difference[] {
  const found: Difference[] = []
  if (recorded.method !== actual.method) found.push({ path: 'method', recorded: recorded.method, actual: actual.method })
  if (recorded.endpoint !== actual.endpoint) {
    found.push({ path: 'endpoint', recorded: recorded.endpoint, actual: actual.endpoint })
  }
  if (recorded.query !== actual.query) found.push({ path: 'query', recorded: recorded.query, actual: actual.query })
  for (const name of new Set([...Object.keys(recorded.headers), ...Object.keys(actual.headers)])) {
    if (recorded.headers[name] !== actual.headers[name]) {
      found.push({ path: `headers[${JSON.stringify(name)}]`, recorded: recorded.headers[name], actual: actual.headers[name] })
    }
  }
  if (isObject(recorded.body) && isObject(actual.body)) {
    for (const change of diff(recorded.body, actual.body)) {
      found.push({
        path: `body${formatPath(change.path)}`,
        recorded: change.type === 'CREATE' ? undefined : change.oldValue,
        actual: change.type === 'REMOVE' ? undefined : change.value,
      })
    }
  } else if (JSON.stringify(recorded.body) !== JSON.stringify(actual.body)) {
    found.push({ path: 'body', recorded: recorded.body, actual: actual.body })
  }
  return found
}

/** The recorded request with the fewest differing fields, preferring ones with the same method and endpoint. */
export function nearestRecorded(actual: CanonicalRequest, recorded: readonly CanonicalRequest[]): NearestMatch | undefined {
  let best: NearestMatch | undefined
  let bestScore = Infinity
  recorded.forEach((request, index) => {
    const found = differences(request, actual)
    const sameRoute = request.method === actual.method && request.endpoint === actual.endpoint
    const score = found.length + (sameRoute ? 0 : 1000)
    if (score < bestScore) {
      best = { index, request, differences: found }
      bestScore = score
    }
  })
  return best
}
