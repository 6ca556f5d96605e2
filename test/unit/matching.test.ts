import { describe, expect, test } from 'vitest'
import type { Interaction } from '../../src/cassette/types.js'
import { canonicalRequest } from '../../src/match/canonical.js'
import { nearestRecorded } from '../../src/match/nearest.js'
import { compileMatchRules, DEFAULT_MATCH_RULES } from '../../src/match/ignore.js'
import { Player } from '../../src/match/player.js'

const interaction = (content: string, reply: string, endpoint = '/v1/chat/completions'): Interaction => ({
  request: {
    method: 'POST',
    url: `https://api.openai.com${endpoint}`,
    headers: {},
    body: { model: 'm', messages: [{ role: 'user', content }] },
    endpoint,
    model: 'm',
  },
  response: { body: { reply }, is_streaming: false },
})

const request = (content: string, endpoint = '/v1/chat/completions') =>
  canonicalRequest('post', endpoint, '', { messages: [{ content, role: 'user' }], model: 'm' })

describe('Player', () => {
  test('matches on method, endpoint and body whatever the key order; identical requests replay in recorded order', () => {
    const player = new Player([interaction('hi', 'first'), interaction('other', 'x'), interaction('hi', 'second')])
    expect(player.take(request('hi'))?.interaction.response.body).toEqual({ reply: 'first' })
    expect(player.take(request('hi'))?.interaction.response.body).toEqual({ reply: 'second' })
    expect(player.take(request('hi'))).toBeUndefined()
    expect(player.countOf(request('hi'))).toBe(2)
    expect([...player.used].sort()).toEqual([0, 2])
  })

  test('the host and query order do not matter; the query values do', () => {
    const recorded = interaction('q', 'r', '/v1/models')
    recorded.request.method = 'GET'
    recorded.request.body = {}
    recorded.request.url = 'http://127.0.0.1:1234/v1/models?b=2&a=1'
    const player = new Player([recorded])
    expect(player.take(canonicalRequest('GET', '/v1/models', '?a=1&b=3', undefined))).toBeUndefined()
    expect(player.take(canonicalRequest('GET', '/v1/models', '?a=1&b=2', undefined))?.interaction).toBe(recorded)
  })
})

describe('nearestRecorded', () => {
  test('prefers the same endpoint and lists the differing fields', () => {
    const recorded = [request('hello', '/v1/completions'), request('hello'), request('something else entirely')]
    const nearest = nearestRecorded(request('hullo'), recorded)
    expect(nearest?.index).toBe(1)
    expect(nearest?.differences).toEqual([{ path: 'body.messages[0].content', recorded: 'hello', actual: 'hullo' }])
  })

  test('reports added and removed fields', () => {
    const recorded = canonicalRequest('POST', '/v1/x', '', { a: 1, b: 2 })
    const nearest = nearestRecorded(canonicalRequest('POST', '/v1/x', '', { a: 1, c: 3 }), [recorded])
    expect(nearest?.differences).toEqual([
      { path: 'body.b', recorded: 2, actual: undefined },
      { path: 'body.c', recorded: undefined, actual: 3 },
    ])
  })
})

describe('what matching leaves out', () => {
  const chat = (messages: unknown[], extra: Record<string, unknown> = {}): Interaction => ({
    request: {
      method: 'POST',
      url: 'https://api.openai.com/v1/chat/completions',
      headers: {},
      body: { model: 'm', messages, ...extra },
      endpoint: '/v1/chat/completions',
      model: 'm',
    },
    response: { body: { reply: 'r' }, is_streaming: false },
  })
  const asked = (messages: unknown[], extra: Record<string, unknown> = {}, query = '') =>
    canonicalRequest('POST', '/v1/chat/completions', query, { model: 'm', messages, ...extra })

  test('ISO-8601 timestamps and dates and UUIDs, inside longer strings too, by default; what was left out is named', () => {
    const player = new Player([
      chat([{ role: 'system', content: 'Now: 2026-11-30T09:15:02.123Z, run 7d0f4c1e-2b6a-4c4e-9f0e-3a1b2c3d4e5f' }], { metadata: { day: '2026-11-30' } }),
    ])
    const match = player.take(
      asked([{ role: 'system', content: 'Now: 2026-12-01T17:40:59.999Z, run 0b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d' }], { metadata: { day: '2026-12-01' } }),
    )
    expect(match?.index).toBe(0)
    expect(match?.ignored).toEqual([
      { path: 'body.messages[0].content', why: 'a timestamp and a UUID' },
      { path: 'body.metadata.day', why: 'a timestamp' },
    ])
  })

  test('with volatile off (or only timestamps off), a changed timestamp is a miss', () => {
    const recorded = [chat([{ role: 'user', content: 'on 2026-11-30' }])]
    expect(new Player(recorded).take(asked([{ role: 'user', content: 'on 2026-12-01' }]), compileMatchRules([{ volatile: false }]))).toBeUndefined()
    expect(
      new Player(recorded).take(asked([{ role: 'user', content: 'on 2026-12-01' }]), compileMatchRules([{ volatile: { timestamps: false } }])),
    ).toBeUndefined()
    // A date-like number that is not a date is never left out.
    expect(new Player([chat([{ role: 'user', content: 'order 2026-13-45' }])]).take(asked([{ role: 'user', content: 'order 2026-13-46' }]))).toBeUndefined()
  })

  test('named body paths and query parameters', () => {
    const rules = compileMatchRules([{ paths: ['body.metadata.trace_id', 'request.body.messages[*].name'] }, { query: ['TS'] }])
    const recorded = chat([{ role: 'user', content: 'hi', name: 'ann' }], { metadata: { trace_id: 'abc', keep: 1 } })
    recorded.request.url += '?ts=1&v=2'
    const player = new Player([recorded])
    expect(player.take(asked([{ role: 'user', content: 'hi', name: 'bob' }], { metadata: { trace_id: 'xyz', keep: 1 } }, '?ts=9&v=2'), rules)?.ignored).toEqual(
      [
        { path: 'body.metadata.trace_id', why: 'ignore.paths "body.metadata.trace_id"' },
        { path: 'body.messages[0].name', why: 'ignore.paths "request.body.messages[*].name"' },
        { path: 'query.ts', why: 'ignore.query' },
      ],
    )
    // What is not named still counts.
    expect(
      new Player([recorded]).take(asked([{ role: 'user', content: 'hi', name: 'bob' }], { metadata: { trace_id: 'xyz', keep: 2 } }, '?ts=9&v=2'), rules),
    ).toBeUndefined()
    expect(() => compileMatchRules([{ paths: ['metadata.trace_id'] }])).toThrowError('ignore path "metadata.trace_id" must start with "body."')
  })

  test('an id the test received from an earlier replayed response, where the recording holds another id', () => {
    // As llama-stack's recorder stores a tool loop: the response's ids renamed, the next request keeping the live one.
    const recorded = chat([{ role: 'tool', tool_call_id: 'call_LIVE123', content: 'sunny' }])
    const received = new Set(['call_rec-0a1b2c3d4e5f-1'])
    const now = asked([{ role: 'tool', tool_call_id: 'call_rec-0a1b2c3d4e5f-1', content: 'sunny' }])
    expect(new Player([recorded]).take(now, DEFAULT_MATCH_RULES, () => received)?.ignored).toEqual([
      { path: 'body.messages[0].tool_call_id', why: 'an id from an earlier replayed response' },
    ])
    // Not an id it received, a changed text beside it, or the rule turned off: a miss.
    expect(new Player([recorded]).take(now, DEFAULT_MATCH_RULES, () => new Set(['call_other']))).toBeUndefined()
    const changed = asked([{ role: 'tool', tool_call_id: 'call_rec-0a1b2c3d4e5f-1', content: 'rainy' }])
    expect(new Player([recorded]).take(changed, DEFAULT_MATCH_RULES, () => received)).toBeUndefined()
    expect(new Player([recorded]).take(now, compileMatchRules([{ volatile: { ids: false } }]), () => received)).toBeUndefined()
  })
})
