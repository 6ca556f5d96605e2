import { describe, expect, test } from 'vitest'
import type { Interaction } from '../../src/cassette/types.js'
import { normalizeIds } from '../../src/cassette/normalize-ids.js'
import { llamaStackRequestHash } from '../../src/cassette/request-hash.js'

const request = (endpoint: string, body: unknown = { model: 'm' }): Interaction['request'] => ({
  method: 'POST',
  url: `https://api.openai.com${endpoint}`,
  headers: {},
  body,
  endpoint,
  model: 'm',
})

describe('normalizeIds', () => {
  test('a JSON response: id and created only', () => {
    const interaction: Interaction = {
      request: request('/v1/chat/completions'),
      response: {
        body: { __type__: 'openai.types.chat.chat_completion.ChatCompletion', __data__: { id: 'chatcmpl-9', created: 17, model: 'm', choices: [] } },
        is_streaming: false,
      },
    }
    const id = `rec-${llamaStackRequestHash(interaction.request).slice(0, 12)}`
    expect(normalizeIds(interaction).response.body).toEqual({
      __type__: 'openai.types.chat.chat_completion.ChatCompletion',
      __data__: { id, created: 0, model: 'm', choices: [] },
    })
    expect(interaction.response.body).toMatchObject({ __data__: { id: 'chatcmpl-9' } })
  })

  test('every chunk of a stream', () => {
    const chunk = (n: number) => ({ __type__: 'openai.types.completion.Completion', __data__: { id: 'cmpl-1', created: 3, text: String(n) } })
    const interaction: Interaction = { request: request('/v1/completions'), response: { body: [chunk(1), chunk(2)], is_streaming: true } }
    const chunks = normalizeIds(interaction).response.body as { __data__: { id: string; created: number; text: string } }[]
    expect(new Set(chunks.map((c) => c.__data__.id)).size).toBe(1)
    expect(chunks.map((c) => [c.__data__.id.startsWith('rec-'), c.__data__.created, c.__data__.text])).toEqual([
      [true, 0, '1'],
      [true, 0, '2'],
    ])
  })

  test('model lists keep their ids (their clock fields are still volatile); errors are left alone', () => {
    const models: Interaction = {
      request: request('/v1/models', {}),
      response: { body: [{ __type__: 'openai.types.model.Model', __data__: { id: 'gpt-4o', created: 9 } }], is_streaming: false },
    }
    expect(normalizeIds(models).response.body).toEqual([{ __type__: 'openai.types.model.Model', __data__: { id: 'gpt-4o', created: 0 } }])
    const failed: Interaction = {
      request: request('/v1/chat/completions'),
      response: {
        body: null,
        is_streaming: false,
        is_exception: true,
        exception_data: { type: 'BadRequestError', message: 'm', status_code: 400, body: { id: 'x' } },
      },
    }
    expect(normalizeIds(failed)).toEqual(failed)
  })
})
