import { describe, expect, test } from 'vitest'
import type { Interaction } from '../../src/cassette/types.js'
import { openaiFormat } from '../../src/providers/openai/format.js'
import { tokensOf } from '../../src/session/tokens.js'

const withBody = (body: unknown, is_streaming = false): Interaction => ({
  request: { method: 'POST', url: 'https://api.openai.com/v1/chat/completions', headers: {}, body: {}, endpoint: '/v1/chat/completions', model: 'm' },
  response: { body, is_streaming },
})
const chunk = (usage: unknown) => ({ __type__: 'openai.types.chat.chat_completion_chunk.ChatCompletionChunk', __data__: { choices: [], usage } })

describe('tokensOf', () => {
  test('reads usage.total_tokens of a typed or plain JSON response', () => {
    expect(tokensOf(withBody({ __type__: 'openai.types.chat.chat_completion.ChatCompletion', __data__: { usage: { total_tokens: 42 } } }), openaiFormat)).toBe(
      42,
    )
    expect(tokensOf(withBody({ usage: { total_tokens: 7 } }), openaiFormat)).toBe(7)
  })

  test('for a stream, the last chunk that carries usage', () => {
    expect(tokensOf(withBody([chunk(null), chunk({ total_tokens: 12 }), chunk(null)], true), openaiFormat)).toBe(12)
    const event = {
      __type__: 'openai.types.responses.response_completed_event.ResponseCompletedEvent',
      __data__: { response: { usage: { total_tokens: 30 } } },
    }
    expect(tokensOf(withBody([chunk(null), event], true), openaiFormat)).toBe(30)
  })

  test('0 when nothing says (errors, streams without usage)', () => {
    expect(tokensOf(withBody(null), openaiFormat)).toBe(0)
    expect(tokensOf(withBody([chunk(null)], true), openaiFormat)).toBe(0)
  })
})
