import type { Cassette } from '../cassette/types.js'
import type { CassetteReport } from '../report/report-file.js'

export interface CassetteSummary {
  /** Relative to the cassette directory. */
  path: string
  test: string
  interactions: number
  endpoints: string[]
  models: string[]
  bytes: number
  /** Whether the last run used this cassette; undefined when there is no run report. */
  obsolete: boolean | undefined
  /** Interactions the last run did not replay (0-based), in a cassette it did use. */
  unusedInteractions: number[]
}

function distinct(values: readonly string[]): string[] {
  return [...new Set(values.filter((value) => value !== ''))]
}

export function summarizeCassette(path: string, cassette: Cassette, bytes: number, report: CassetteReport | undefined): CassetteSummary {
  const requests = cassette.interactions.map((interaction) => interaction.request)
  return {
    path,
    test: cassette.test,
    interactions: cassette.interactions.length,
    endpoints: distinct(requests.map((request) => `${request.method} ${request.endpoint}`)),
    models: distinct(requests.map((request) => (typeof request.model === 'string' ? request.model : ''))),
    bytes,
    obsolete: report ? report.obsolete.includes(path) : undefined,
    unusedInteractions: report?.obsoleteInteractions[path] ?? [],
  }
}

/** The obsolete column: `obsolete`, `2 unused`, or blank. */
export function obsoleteLabel(summary: CassetteSummary): string {
  if (summary.obsolete) return 'obsolete'
  return summary.unusedInteractions.length > 0 ? `${summary.unusedInteractions.length} unused` : ''
}
