import { describe, expect, test } from 'vitest'
import { ANTHROPIC_API_KEY, ANTHROPIC_COLUMNS, ANTHROPIC_VERSIONS, DEAD_ANTHROPIC_URL, FIDELITY_RUNNERS } from '../fidelity/anthropic-versions.js'
import { addVerdicts } from '../fidelity/anthropic-fidelity.js'
import type { CompatResults } from '../fidelity/compat-table.js'
import { expectCompatTable } from '../fidelity/docs-table.js'
import { expectReplayMatchesLive } from '../fidelity/run-fidelity.js'
import { startLlamaServer } from './llama-server.js'

const compat: CompatResults = {}

// The Anthropic scenario list for llama-server (test/fixtures/anthropic-fidelity/scenarios/llama-server.mjs),
// live against llama.cpp's llama-server (its Messages API), then from cassettes with it stopped: per SDK
// version, under Vitest and Jest.
describe.each(ANTHROPIC_VERSIONS)('@anthropic-ai/sdk $version ($alias) against llama-server', ({ version, alias }) => {
  test.each(FIDELITY_RUNNERS)('under %s, replay is indistinguishable from the live run', async (runner) => {
    const server = await startLlamaServer()
    try {
      const result = await expectReplayMatchesLive({
        fixture: 'anthropic-fidelity',
        runner: runner === 'jest' ? 'jest' : 'vitest',
        env: { ANTHROPIC_PACKAGE: alias, ANTHROPIC_API_KEY, FIDELITY_SUITE: 'llama-server' },
        // The SDK's paths start with /v1: its base URL is the origin.
        liveEnv: { ANTHROPIC_BASE_URL: new URL(server.url).origin },
        deadEnv: { ANTHROPIC_BASE_URL: DEAD_ANTHROPIC_URL },
        stopServers: () => server.stop(),
      })
      expect(Object.keys(result.verdicts)).toHaveLength(6)
      addVerdicts(compat, version, result)
    } finally {
      await server.stop()
    }
  })
})

test('the Anthropic llama-server table in docs/compatibility.md is the one this run produced', async () => {
  expect(Object.keys(compat)).toHaveLength(6)
  await expectCompatTable('anthropic-llama-server', compat, ANTHROPIC_COLUMNS)
})
