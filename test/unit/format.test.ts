import { describe, expect, test } from 'vitest'
import { decodeBody, encodeBody, encodeChunk } from '../../src/providers/openai/python-types.js'
import { parseCassette, serializeCassette } from '../../src/cassette/serialize.js'
import { CassetteError } from '../../src/errors.js'
import { assertNoSecrets } from '../../src/safety/secret-guard.js'

describe('typed values', () => {
  test('responses carry the Python SDK class names llama-stack writes', () => {
    expect(encodeBody('/v1/chat/completions', { id: 'x', object: 'chat.completion' })).toEqual({
      __type__: 'openai.types.chat.chat_completion.ChatCompletion',
      __data__: { id: 'x', object: 'chat.completion' },
    })
    expect(encodeChunk('/v1/responses', { type: 'response.output_text.delta', delta: 'a' })).toEqual({
      __type__: 'openai.types.responses.response_text_delta_event.ResponseTextDeltaEvent',
      __data__: { type: 'response.output_text.delta', delta: 'a' },
    })
    expect(encodeBody('/v1/unknown', { a: 1 })).toEqual({ a: 1 })
    expect(encodeChunk('/v1/responses', { type: 'response.brand_new_event' })).toEqual({ type: 'response.brand_new_event' })
  })

  test('a model list is stored as llama-stack stores it, and comes back as the wire body', () => {
    const wire = { object: 'list', data: [{ id: 'a', object: 'model' }] }
    const stored = encodeBody('/v1/models', wire)
    expect(stored).toEqual([{ __type__: 'openai.types.model.Model', __data__: { id: 'a', object: 'model' } }])
    expect(decodeBody('/v1/models', stored)).toEqual(wire)
    const paged = { object: 'list', data: [], has_more: false }
    expect(decodeBody('/v1/models', encodeBody('/v1/models', paged))).toEqual(paged)
  })
})

describe('serializeCassette', () => {
  test('sorted keys, 2-space indent, trailing newline', () => {
    expect(serializeCassette({ version: 1, test: 't', interactions: [] })).toBe('{\n  "interactions": [],\n  "test": "t",\n  "version": 1\n}\n')
  })
})

describe('parseCassette', () => {
  test.each([
    ['[]', '$ must be an object'],
    ['{"version": 2, "test": "t", "interactions": []}', '$.version must be 1 (found 2)'],
    ['{"version": 1, "interactions": []}', '$.test must be a string'],
    ['{"version": 1, "test": "t", "interactions": [{"request": {}}]}', '$.interactions[0].response is missing or not an object'],
    [
      '{"version": 1, "test": "t", "interactions": [{"request": {"method": "GET", "endpoint": "/v1/x", "body": {}}, "response": {"body": {}, "is_streaming": true}}]}',
      '$.interactions[0].response.body must be a list of chunks when is_streaming is true',
    ],
  ])('%s', (text, message) => {
    expect(() => parseCassette(text, 'cassettes/x.json')).toThrowError(CassetteError)
    expect(() => parseCassette(text, 'cassettes/x.json')).toThrowError(`cassettes/x.json: ${message}`)
  })

  test('invalid JSON names the file', () => {
    expect(() => parseCassette('{', 'cassettes/x.json')).toThrowError(/cassettes\/x\.json is not valid JSON/)
  })
})

describe('assertNoSecrets', () => {
  const key = 'sk-proj-abcdefghijklmnop'
  test('names the JSON path of the key', () => {
    const value = { interactions: [{ response: { body: ['x', { text: `key: ${key}` }] } }] }
    expect(() => assertNoSecrets(JSON.stringify(value), value, { keys: [key] }, 'c.json')).toThrowError(
      "refused to write c.json: the client's API key appears at $.interactions[0].response.body[1].text",
    )
  })

  test('ignores keys too short to be secrets, and text without the key', () => {
    expect(() => assertNoSecrets('{"a":"test"}', { a: 'test' }, { keys: ['test'] }, 'c.json')).not.toThrow()
    expect(() => assertNoSecrets('{"a":"b"}', { a: 'b' }, { keys: [key] }, 'c.json')).not.toThrow()
  })
})

describe('typed values by shape', () => {
  test('an error event inside a chat stream is not labelled a chunk', () => {
    const error = { error: { message: 'boom', type: 'server_error' } }
    expect(encodeChunk('/v1/chat/completions', error)).toEqual(error)
    expect(encodeChunk('/v1/chat/completions', { object: 'chat.completion.chunk' })).toMatchObject({
      __type__: 'openai.types.chat.chat_completion_chunk.ChatCompletionChunk',
    })
  })

  test('Azure deployment paths get the same class names', () => {
    expect(encodeBody('/v1/deployments/gpt-4o/chat/completions', { object: 'chat.completion' })).toMatchObject({
      __type__: 'openai.types.chat.chat_completion.ChatCompletion',
    })
  })
})
