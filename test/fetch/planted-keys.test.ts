import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { expect, test } from 'vitest'
import { keyEncodings } from '../../src/safety/key-encodings.js'
import { startAnthropicServer } from '../support/anthropic-server/index.js'
import { FixtureProject } from '../support/fixture-project.js'
import { startGeminiServer } from '../support/gemini-server/index.js'
import { startOpenAIServer } from '../support/openai-server.js'

/** Keys shaped like each provider's real ones, so the secret guard's shape check is tested too. */
const KEYS = {
  OPENAI_PLANTED: 'sk-proj-PlantedOpenAI0123456789abcdefXYZ',
  ANTHROPIC_PLANTED: 'sk-ant-api03-PlantedAnthropic0123456789abcdefXYZ',
  GOOGLE_PLANTED: 'AIzaSyPlantedGoogle0123456789abcdefXYZ0',
  PLAIN_PLANTED: 'plain-planted-token-0123456789abcdef',
}

async function allBytes(dir: string): Promise<Buffer> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true })
  const files = entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name))
  return Buffer.concat(await Promise.all(files.map((file) => readFile(file))))
}

test('through wrapFetch, keys planted in headers, query and body for each provider: zero bytes of them on disk', async () => {
  const project = await FixtureProject.create('fetch-secrets')
  const openai = await startOpenAIServer()
  const anthropic = await startAnthropicServer()
  const gemini = await startGeminiServer()
  try {
    const env = { ...KEYS, OPENAI_BASE_URL: openai.url, ANTHROPIC_ORIGIN: anthropic.url, GEMINI_ORIGIN: gemini.origin }
    const run = await project.run(['-u'], { ...env, PLANT: '1' })
    expect(run.code, run.output).toBe(1)
    expect(run.output).toContain('Tests  4 failed | 4 passed (8)')
    // The key in the body is refused by its shape (plain's, which has none, as a credential its request sent).
    for (const provider of ['openai', 'anthropic', 'google', 'plain']) {
      expect(run.output).toMatch(
        new RegExp(
          `CassetteSecretError: \\[llm-cassettes\\] refused to write cassettes/planted.test.ts/${provider}%3A key in the body.json: .* at \\$\\.interactions\\[0\\]\\.request\\.body`,
        ),
      )
    }
    const written = await project.cassetteTexts()
    expect(Object.keys(written).sort()).toEqual(
      ['openai', 'anthropic', 'google', 'plain'].map((name) => `planted.test.ts/${name}%3A key in headers and query.json`).sort(),
    )
    const bytes = await allBytes(project.path('cassettes'))
    for (const key of Object.values(KEYS)) {
      const found = keyEncodings(key).filter((encoding) => bytes.includes(encoding.text))
      expect(found, key).toEqual([])
    }
    // The query keys are replaced in the stored URL, and left out of matching: a replay with other keys matches.
    expect(written['planted.test.ts/google%3A key in headers and query.json']).toContain(':generateContent?key=%5BREDACTED%5D"')
    await Promise.all([openai.close(), anthropic.close(), gemini.close()])
    const other = Object.fromEntries(Object.entries(KEYS).map(([name, key]) => [name, key.replace('Planted', 'Replayed')]))
    const dead = { OPENAI_BASE_URL: 'http://127.0.0.1:9/v1', ANTHROPIC_ORIGIN: 'http://127.0.0.1:9', GEMINI_ORIGIN: 'http://127.0.0.1:9' }
    const replay = await project.run(['-t', 'headers and query'], { ...other, ...dead, CI: 'true' })
    expect(replay.output).toContain('Tests  4 passed | 4 skipped (8)')
  } finally {
    await Promise.all([openai.close(), anthropic.close(), gemini.close()])
    await project.remove()
  }
})
