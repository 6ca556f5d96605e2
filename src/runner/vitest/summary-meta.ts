import type { SessionSummary } from '../../session/session-summary.js'

/** Where a test's session summary travels from the worker to the reporter: `task.meta` / `testCase.meta()`. */
const META_KEY = 'llmCassettes'

export function setSessionSummary(meta: object, summary: SessionSummary): void {
  ;(meta as Record<string, unknown>)[META_KEY] = summary
}

export function sessionSummaryOf(meta: object): SessionSummary | undefined {
  return (meta as Record<string, SessionSummary | undefined>)[META_KEY]
}
