import { describe, expect, test } from 'vitest'
import type { CassetteStore } from '../../src/cassette/store.js'
import { readOutgoingRequest } from '../../src/openai/outgoing-request.js'
import { createRedactor } from '../../src/safety/redaction.js'
import { CassetteSession } from '../../src/session/cassette-session.js'

const BASE_URL = 'https://api.openai.com/v1'
const URL = `${BASE_URL}/chat/completions`

describe('record mode', () => {
  test('sends the call without reading the cassette first, so recording adds no latency', async () => {
    const events: string[] = []
    const store: CassetteStore = {
      read: async () => {
        events.push('read')
        return undefined
      },
      update: async (_path, change) => {
        events.push('write')
        change(undefined)
        return 'written'
      },
    }
    const session = new CassetteSession({
      cassettePath: 'c.json',
      displayPath: 'c.json',
      test: 't',
      resolveMode: () => ({ mode: 'record', reason: 'test' }),
      recordCommand: '',
      store,
    })
    const redactor = createRedactor([])
    const request = await readOutgoingRequest(URL, { method: 'POST', body: JSON.stringify({ model: 'm', messages: [] }) }, BASE_URL, redactor)
    const { response } = await session.handle({
      request,
      redactor,
      url: URL,
      apiKey: 'sk-unit-0123456789',
      allowedSecrets: [],
      signal: new AbortController().signal,
      sendLive: async () => {
        events.push('live')
        return Response.json({ id: 'x' })
      },
    })
    expect(await response.json()).toEqual({ id: 'x' })
    await session.finish()
    expect(events).toEqual(['live', 'write'])
  })
})
