import { describe, expect, test } from 'vitest'
import { encodeBody, encodeChunk } from '../../src/providers/openai/python-types.js'
import type { RecordedRequest, RecordedResponse } from '../../src/cassette/types.js'
import { CassetteError } from '../../src/errors.js'
import { Player } from '../../src/match/player.js'
import { openaiFormat } from '../../src/providers/openai/format.js'
import { readOutgoingRequest } from '../../src/exchange/outgoing-request.js'
import { resolveSettings } from '../../src/settings/resolve.js'
import { createRedactor, REDACTED, type RedactOption } from '../../src/safety/redaction.js'

const BASE = 'https://example.test/v1'

function outgoing(options: RedactOption[], body: unknown, query = '') {
  const init = { method: 'POST', body: JSON.stringify(body), headers: { authorization: 'Bearer sk-live-123' } }
  return readOutgoingRequest(`${BASE}/chat/completions${query}`, init, { endpoint: '/v1/chat/completions' }, createRedactor(options))
}

describe('request redaction', () => {
  test('request headers are never kept; key-shaped query parameters are redacted by default', async () => {
    const { recorded, canonical } = await outgoing([], { model: 'm' }, '?api-key=s3cret&apikey=x&access_token=y&sig=z&api-version=2024-10-21')
    expect(recorded.headers).toEqual({})
    const params = new URL(recorded.url).searchParams
    for (const name of ['api-key', 'apikey', 'access_token', 'sig']) expect(params.get(name), name).toBe(REDACTED)
    expect(params.get('api-version')).toBe('2024-10-21')
    // Credentials are not part of the match at all: a request with another key, or none in the query, is the same request.
    expect(canonical.query).toBe('api-version=2024-10-21')
    expect(canonical.query).not.toContain('s3cret')
  })

  test('a redacted field is redacted identically in what is stored and what is matched, so replay still matches', async () => {
    const rules: RedactOption = { query: ['session'], paths: ['request.body.user', 'request.body.messages[*].name'] }
    const first = await outgoing([rules], { model: 'm', user: 'alice', messages: [{ role: 'user', name: 'a', content: 'hi' }] }, '?session=1')
    const second = await outgoing([rules], { model: 'm', user: 'bob', messages: [{ role: 'user', name: 'b', content: 'hi' }] }, '?session=2')
    expect(first.recorded.body).toEqual({ model: 'm', user: REDACTED, messages: [{ role: 'user', name: REDACTED, content: 'hi' }] })
    expect(first.canonical.key).toBe(second.canonical.key)
    const player = new Player([{ request: first.recorded, response: { body: {}, is_streaming: false } }])
    expect(player.take(second.canonical)).toBeDefined()
    // A field that is not redacted still counts.
    expect((await outgoing([rules], { model: 'm', user: 'bob', messages: [{ role: 'user', name: 'b', content: 'bye' }] })).canonical.key).not.toBe(
      first.canonical.key,
    )
  })

  test('a redact function sees the request before matching, and runs the same way on the stored interaction', async () => {
    const redact = ({ request }: { request: RecordedRequest }) => {
      const body = request.body as { metadata?: { trace?: string } }
      if (body.metadata?.trace) body.metadata.trace = 'trace-redacted'
    }
    const first = await outgoing([redact], { model: 'm', metadata: { trace: 'one' } })
    const second = await outgoing([redact], { model: 'm', metadata: { trace: 'two' } })
    expect(first.canonical.key).toBe(second.canonical.key)
    expect((first.recorded.body as { metadata: unknown }).metadata).toEqual({ trace: 'trace-redacted' })
  })
})

describe('response redaction', () => {
  const request: RecordedRequest = {
    method: 'POST',
    url: `${BASE}/chat/completions`,
    headers: {},
    body: { model: 'm' },
    endpoint: '/v1/chat/completions',
    model: 'm',
  }
  const json: RecordedResponse = {
    body: encodeBody('/v1/chat/completions', {
      id: 'chatcmpl-1',
      object: 'chat.completion',
      system_fingerprint: 'fp_1',
      choices: [{ message: { content: 'secret answer' } }],
    }),
    is_streaming: false,
    headers: { 'x-request-id': 'req_1', 'openai-organization': 'org-123', 'set-cookie': 'a=b' },
  }

  test('header values from the defaults and the rules are redacted; JSON paths reach through the typed wrapper', () => {
    const redactor = createRedactor([{ headers: ['x-request-id'], paths: ['response.body.choices[*].message.content'] }])
    const stored = redactor.response(json, request, openaiFormat)
    expect(stored.headers).toEqual({ 'x-request-id': REDACTED, 'openai-organization': REDACTED, 'set-cookie': REDACTED })
    expect(stored.body).toEqual(
      encodeBody('/v1/chat/completions', {
        id: 'chatcmpl-1',
        object: 'chat.completion',
        system_fingerprint: 'fp_1',
        choices: [{ message: { content: REDACTED } }],
      }),
    )
  })

  test('only the stored copy changes: the response the caller holds is untouched', () => {
    const before = structuredClone(json)
    createRedactor([{ paths: ['response.body.id'] }]).response(json, request, openaiFormat)
    expect(json).toEqual(before)
  })

  test('a response path applies to every chunk of a stream and to an error body', () => {
    const redactor = createRedactor([{ paths: ['response.body.id', 'response.body.error.message'] }])
    const chunk = { id: 'c1', object: 'chat.completion.chunk', choices: [] }
    const chunks = [encodeChunk('/v1/chat/completions', chunk), encodeChunk('/v1/chat/completions', chunk)]
    const stream = redactor.response({ body: chunks, is_streaming: true }, request, openaiFormat)
    expect((stream.body as { __data__: { id: string } }[]).map((chunk) => chunk.__data__.id)).toEqual([REDACTED, REDACTED])
    const error = redactor.response(
      {
        body: null,
        is_streaming: false,
        is_exception: true,
        exception_data: { type: 'BadRequestError', message: 'm', status_code: 400, body: { message: 'leak' } },
      },
      request,
      openaiFormat,
    )
    expect(error.exception_data?.body).toEqual({ message: REDACTED })
  })
})

describe('bad redact options name what is wrong', () => {
  test.each([
    [{ paths: ['body.user'] }, 'redact path "body.user" must start with "request.body." or "response.body."'],
    [{ paths: ['request.body..user'] }, 'redact path "request.body..user" is not a JSON path'],
  ])('%j', (rules, message) => {
    expect(() => createRedactor([rules])).toThrowError(CassetteError)
    expect(() => createRedactor([rules])).toThrowError(message)
  })

  test('the plugin takes serialisable rules only, and checks them in the main process', () => {
    expect(() => resolveSettings('/p', { redact: (() => undefined) as never }, {})).toThrowError('pass a function to `wrapOpenAI(client, { redact })`')
    expect(() => resolveSettings('/p', { redact: { header: ['x'] } as never }, {})).toThrowError('`redact.header` is not an option')
    expect(resolveSettings('/p', { redact: { paths: ['request.body.user'] } }, {}).redact).toEqual({ paths: ['request.body.user'] })
  })
})
