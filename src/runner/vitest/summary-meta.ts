import type { SessionSummary } from '../../session/session-summary.js'
import type { HooksSummary } from '../suite-hooks.js'

/** Where a test's session summary travels from the worker to the reporter: `task.meta` / `testCase.meta()`. */
const META_KEY = 'llmCassettes'

export function setSessionSummary(meta: object, summary: SessionSummary): void {
  ;(meta as Record<string, unknown>)[META_KEY] = summary
}

export function sessionSummaryOf(meta: object): SessionSummary | undefined {
  return (meta as Record<string, SessionSummary | undefined>)[META_KEY]
}

/** Where the file's beforeAll/afterAll summaries travel: the test file's `task.meta` / `testModule.meta()`. */
const HOOKS_META_KEY = 'llmCassettesHooks'

export function setHooksSummaries(meta: object, summaries: readonly HooksSummary[]): void {
  ;(meta as Record<string, unknown>)[HOOKS_META_KEY] = summaries
}

export function hooksSummariesOf(meta: object): readonly HooksSummary[] {
  return (meta as Record<string, readonly HooksSummary[] | undefined>)[HOOKS_META_KEY] ?? []
}
