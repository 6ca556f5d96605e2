import { rm } from 'node:fs/promises'
import { GoogleGenAI } from '@google/genai'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { PLACEHOLDER_API_KEY } from '../../src/safety/placeholder-key.js'
import { startGeminiServer, type GeminiServer } from '../support/gemini-server/index.js'
import { cassetteTexts, startServe, workDir } from './support.js'

// Gemini's paths through serve (@google/genai pointed at it): a generateContent call and a stream, recorded against
// the hand-made Gemini server with serve's key, replayed with it stopped.
const KEY = 'AIzaServeGemini0123456789abcdefghijklmn'

async function calls(baseUrl: string) {
  const genai = new GoogleGenAI({ apiKey: PLACEHOLDER_API_KEY, httpOptions: { baseUrl, headers: { 'x-llm-cassette': 'e2e/gemini.e2e.ts > gemini' } } })
  const reply = await genai.models.generateContent({ model: 'gemini-2.5-flash', contents: 'Say hello' })
  let streamed = ''
  for await (const chunk of await genai.models.generateContentStream({ model: 'gemini-2.5-flash', contents: 'Count to three' })) streamed += chunk.text ?? ''
  return [reply.text, streamed]
}

describe('llm-cassettes serve: Gemini', () => {
  let dir: string
  let gemini: GeminiServer

  beforeAll(async () => {
    dir = await workDir('gemini')
    gemini = await startGeminiServer()
  })

  afterAll(async () => {
    await gemini?.close()
    await rm(dir, { recursive: true, force: true })
  })

  test('@google/genai records through serve with serve’s key, then replays with the server stopped', async () => {
    const recording = await startServe(dir, ['--upstream-gemini', gemini.origin], { GEMINI_API_KEY: KEY })
    const recorded = await calls(recording.url)
    expect((await recording.stop()).stdout).toContain('Cassettes  0 replayed · 2 recorded')
    expect(recorded.every((text) => typeof text === 'string' && text.length > 0)).toBe(true)
    expect(gemini.requests.map((request) => request.headers['x-goog-api-key'])).toEqual([KEY, KEY])
    const texts = await cassetteTexts(dir)
    const cassette = JSON.parse(texts['e2e/gemini.e2e.ts/gemini.json']!)
    expect(cassette.interactions.map((interaction: { request: { endpoint: string } }) => interaction.request.endpoint)).toEqual([
      '/v1/models/gemini-2.5-flash:generateContent',
      '/v1/models/gemini-2.5-flash:streamGenerateContent',
    ])
    expect(texts['e2e/gemini.e2e.ts/gemini.json']).not.toContain(KEY)

    await gemini.close()
    const replaying = await startServe(dir, ['--upstream-gemini', gemini.origin, '--mode', 'replay'])
    expect(await calls(replaying.url)).toEqual(recorded)
    expect((await replaying.stop()).stdout).toContain('Cassettes  2 replayed · 0 recorded · 0 obsolete · 0 missing')
  })
})
