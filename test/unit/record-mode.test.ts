import { describe, expect, test } from 'vitest'
import type { CassetteStore } from '../../src/cassette/store.js'
import { CassetteSession } from '../../src/session/cassette-session.js'
import { sessionCall } from '../support/session-call.js'

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
    const call = await sessionCall(
      URL,
      { method: 'POST', body: JSON.stringify({ model: 'm', messages: [] }) },
      {
        baseURL: BASE_URL,
        apiKey: 'sk-unit-0123456789',
        sendLive: async () => {
          events.push('live')
          return Response.json({ id: 'x' })
        },
      },
    )
    const { response } = await session.handle(call)
    expect(await response.json()).toEqual({ id: 'x' })
    await session.finish()
    expect(events).toEqual(['live', 'write'])
  })
})
