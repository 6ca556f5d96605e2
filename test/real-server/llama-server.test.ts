import { describe, expect, test } from 'vitest'
import type { CompatResults } from '../fidelity/compat-table.js'
import { expectCompatTable } from '../fidelity/docs-table.js'
import { expectReplayMatchesLive, MAJORS, OPENAI_COLUMNS } from '../fidelity/run-fidelity.js'
import { startChatAndEmbeddings } from './llama-server.js'

const compat: CompatResults = {}

// The same comparison as test/fidelity, against llama.cpp's own llama-server (built by .ci/run).
describe.each(MAJORS)('openai $major ($alias) against llama-server', ({ major, alias }) => {
  test('replay is indistinguishable from the live run', async () => {
    const { chat, embeddings, stop: stopServers } = await startChatAndEmbeddings()
    try {
      const { verdicts } = await expectReplayMatchesLive({
        fixture: 'fidelity',
        alias,
        env: { FIDELITY_SUITE: 'llama-server' },
        liveEnv: { OPENAI_BASE_URL: chat.url, EMBEDDINGS_BASE_URL: embeddings.url },
        deadEnv: { EMBEDDINGS_BASE_URL: 'http://127.0.0.1:9/v1' },
        stopServers,
      })
      for (const [name, verdict] of Object.entries(verdicts)) (compat[name] ??= {})[major] = verdict
    } finally {
      await stopServers()
    }
  })
})

test('the README compatibility table for llama-server is the one this run produced', async () => {
  expect(Object.keys(compat).length).toBeGreaterThanOrEqual(6)
  await expectCompatTable('llama-server', compat, OPENAI_COLUMNS)
})
