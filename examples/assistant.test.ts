import OpenAI from 'openai'
import { describe, expect, test } from 'vitest'
import { wrapOpenAI } from 'llm-cassettes'
import { embed, streamReply } from './src/assistant.js'

// The cassettes in ./cassettes were recorded once; every run since replays them with no network and no key.
const client = wrapOpenAI(new OpenAI())

describe('assistant', () => {
  test('streams a reply', async () => {
    const reply = await streamReply(client, 'Say hello to the cassettes')
    expect(reply).toBe('Echo: Say hello to the cassettes')
  })

  test('embeds two texts', async () => {
    const vectors = await embed(client, ['first text', 'second text'])
    expect(vectors).toHaveLength(2)
    expect(vectors[0]).toHaveLength(8)
    expect(typeof vectors[0]![0]).toBe('number')
  })
})
