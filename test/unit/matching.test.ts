import { describe, expect, test } from 'vitest'
import type { Interaction } from '../../src/cassette/types.js'
import { canonicalRequest } from '../../src/match/canonical.js'
import { nearestRecorded } from '../../src/match/nearest.js'
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
    expect(player.take(request('hi'))?.response.body).toEqual({ reply: 'first' })
    expect(player.take(request('hi'))?.response.body).toEqual({ reply: 'second' })
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
    expect(player.take(canonicalRequest('GET', '/v1/models', '?a=1&b=2', undefined))).toBe(recorded)
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
