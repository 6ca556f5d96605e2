import { describe, expect, test } from 'vitest'
import { startOpenAIServer } from '../support/openai-server.js'
import type { CompatResults } from './compat-table.js'
import { expectCompatTable } from './docs-table.js'
import { expectReplayMatchesLive, MAJORS, OPENAI_COLUMNS } from './run-fidelity.js'

const compat: CompatResults = {}

// The same suite (test/fixtures/fidelity) runs live against the hand-made server in record mode, then from
// its cassettes with the server stopped, on each openai major; every kept result must be deep-equal.
describe.each(MAJORS)('openai $major ($alias)', ({ major, alias }) => {
  test('replay is indistinguishable from the live run', async () => {
    const server = await startOpenAIServer()
    try {
      const { verdicts, notes } = await expectReplayMatchesLive({
        fixture: 'fidelity',
        alias,
        liveEnv: { OPENAI_BASE_URL: server.url },
        stopServers: () => server.close(),
      })
      for (const [name, verdict] of Object.entries(verdicts)) (compat[name] ??= {})[major] = verdict
      // The recorded 429 asked the SDK to wait; the replayed retry does not.
      expect(notes['note-retry-ms']).toBeLessThan(200)
    } finally {
      await server.close()
    }
  })
})

// Runs after the four majors above (tests in a file run in order).
test('the compatibility table is the one this run produced', async () => {
  expect(Object.keys(compat).length).toBeGreaterThan(10)
  await expectCompatTable('hand-made-server', compat, OPENAI_COLUMNS)
})
