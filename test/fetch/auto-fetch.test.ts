import { expect, test } from 'vitest'
import { FixtureProject } from '../support/fixture-project.js'
import { startGeminiServer } from '../support/gemini-server/index.js'
import { startOpenAIServer } from '../support/openai-server.js'

// llm-cassettes/auto-fetch in a real Vitest project: the hosts come from the project's config file.
test('auto-fetch records and replays the listed hosts only, hands genai its dispatcher, and undoes itself', async () => {
  const project = await FixtureProject.create('fetch-auto')
  const openai = await startOpenAIServer()
  const gemini = await startGeminiServer()
  const other = await startOpenAIServer()
  try {
    const hosts = [new URL(openai.url).host, new URL(gemini.origin).host]
    await project.write('llm-cassettes.config.json', `${JSON.stringify({ fetchHosts: hosts })}\n`)
    const env = { OTHER_ORIGIN: other.origin }
    const record = await project.run(['-u'], { ...env, PHASE: 'record', OPENAI_BASE_URL: openai.url, GEMINI_ORIGIN: gemini.origin })
    expect(record.code, record.output).toBe(0)
    expect(record.output).toContain('Tests  5 passed (5)')
    const cassettes = await project.cassetteTexts()
    expect(Object.keys(cassettes).sort()).toEqual([
      expect.stringMatching(/^auto-fetch.test.ts\/@google%2Fgenai without a fetch option/),
      expect.stringMatching(/^auto-fetch.test.ts\/a wrapped openai client whose fetch is the global one/),
      expect.stringMatching(/^auto-fetch.test.ts\/the Vercel AI SDK without a fetch option/),
    ])
    for (const text of Object.values(cassettes)) expect((JSON.parse(text) as { interactions: unknown[] }).interactions).toHaveLength(1)
    expect(JSON.stringify(cassettes)).not.toContain(other.origin)
    expect(other.requests).toHaveLength(1)

    await openai.close()
    await gemini.close()
    // The listed servers are gone: only a cassette can answer. The other one is up, and still called live.
    const replay = await project.run([], { ...env, PHASE: 'replay', CI: 'true', OPENAI_BASE_URL: openai.url, GEMINI_ORIGIN: gemini.origin })
    expect(replay.code, replay.output).toBe(0)
    expect(replay.output).toContain('Tests  5 passed (5)')
    expect(other.requests).toHaveLength(2)
  } finally {
    await Promise.all([openai.close(), gemini.close(), other.close()])
    await project.remove()
  }
})
