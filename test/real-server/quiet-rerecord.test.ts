import { expect, test } from 'vitest'
import { FixtureProject } from '../support/fixture-project.js'
import { startChatAndEmbeddings } from './llama-server.js'

const API_KEY = 'sk-test-quiet-0123456789'

/** Records the real-server suite (test/fixtures/fidelity, llama-server part) with every call live, against fresh servers. */
async function recordAll(project: FixtureProject): Promise<Record<string, string>> {
  const { chat, embeddings, stop } = await startChatAndEmbeddings()
  try {
    const run = await project.run([], {
      FIDELITY_SUITE: 'llama-server',
      OPENAI_API_KEY: API_KEY,
      OPENAI_BASE_URL: chat.url,
      EMBEDDINGS_BASE_URL: embeddings.url,
      LLM_CASSETTES_MODE: 'record',
      RESULTS_DIR: project.path('results'),
    })
    expect(run.code, run.output).toBe(0)
  } finally {
    await stop()
  }
  return project.cassetteTexts()
}

// llama-server makes up ids and reads its clock on every call, and reports how long each took (`timings`);
// with normalizeIds a re-record of the same conversations, seeded, must not change a byte.
test('re-recording the real-server suite twice against llama-server with normalizeIds writes byte-identical cassettes', async () => {
  for (const normalizeIds of [false, true]) {
    const project = await FixtureProject.create('fidelity')
    try {
      await project.write('llm-cassettes.config.json', `${JSON.stringify({ normalizeIds })}\n`)
      const first = await recordAll(project)
      const second = await recordAll(project)
      const changed = Object.keys(first).filter((file) => first[file] !== second[file])
      console.log(`llama-server suite re-recorded with normalizeIds ${normalizeIds}: ${changed.length} of ${Object.keys(first).length} cassettes changed`)
      expect(Object.keys(second)).toEqual(Object.keys(first))
      if (normalizeIds) {
        expect(changed).toEqual([])
        const all = Object.values(first).join('\n')
        expect(all).toMatch(/"id": "rec-[0-9a-f]{12}"/)
        expect(all).not.toMatch(/"created": [1-9]/)
      } else {
        // Without it, the same suite changes on every re-record: that is what normalizeIds is for.
        expect(changed.length).toBeGreaterThan(0)
      }
    } finally {
      await project.remove()
    }
  }
}, 300_000)
