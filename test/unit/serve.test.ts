import type { IncomingMessage } from 'node:http'
import { describe, expect, test } from 'vitest'
import { choiceFromHeader, choiceFromJson, choiceFromLabel } from '../../src/serve/cassette-choice.js'
import { errorReply } from '../../src/serve/error-response.js'
import { addServeKey } from '../../src/serve/keys.js'
import { refusedCaller } from '../../src/serve/loopback-guard.js'
import { joinUpstream, upstreamFor, upstreamProblem } from '../../src/serve/upstreams.js'
import { PLACEHOLDER_API_KEY } from '../../src/safety/placeholder-key.js'

describe('upstreams', () => {
  test.each([
    ['http://127.0.0.1:8080', '/v1/chat/completions', 'http://127.0.0.1:8080/v1/chat/completions'],
    ['http://127.0.0.1:8080/v1', '/v1/chat/completions', 'http://127.0.0.1:8080/v1/chat/completions'],
    ['http://127.0.0.1:8080/v1/', '/v1/messages?beta=true', 'http://127.0.0.1:8080/v1/messages?beta=true'],
    ['https://api.groq.com/openai/v1', '/v1/chat/completions', 'https://api.groq.com/openai/v1/chat/completions'],
    ['https://proxy.example/base', '/v1/models', 'https://proxy.example/base/v1/models'],
    [
      'https://generativelanguage.googleapis.com',
      '/v1beta/models/gemini-2.5-flash:generateContent',
      'https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:generateContent',
    ],
    // `/v1` is not `/v10`.
    ['http://host/v1', '/v10/x', 'http://host/v1/v10/x'],
  ])('%s + %s', (base, path, joined) => {
    expect(joinUpstream(base, path)).toBe(joined)
  })

  test('a provider’s own upstream wins over --upstream, which wins over the provider’s API; other paths have only --upstream', () => {
    expect(upstreamFor({}, 'openai')).toBe('https://api.openai.com')
    expect(upstreamFor({}, 'anthropic')).toBe('https://api.anthropic.com')
    expect(upstreamFor({}, 'plain')).toBeUndefined()
    expect(upstreamFor({ all: 'http://a' }, 'google')).toBe('http://a')
    expect(upstreamFor({ all: 'http://a', anthropic: 'http://b' }, 'anthropic')).toBe('http://b')
    expect(upstreamFor({ all: 'http://a', anthropic: 'http://b' }, 'plain')).toBe('http://a')
  })

  test('an upstream that is not a base http(s) URL is named', () => {
    expect(upstreamProblem('http://127.0.0.1:8080/v1')).toBeUndefined()
    expect(upstreamProblem('localhost:8080')).toContain('not an http(s) URL')
    expect(upstreamProblem('127.0.0.1:8080')).toContain('is not a URL')
    expect(upstreamProblem('https://h/v1?x=1')).toContain('has a query or fragment')
    expect(upstreamProblem('https://user:key@h')).toContain('holds credentials')
  })
})

describe('which cassette', () => {
  const root = '/project'

  test('a label is a test’s own cassette, ` (n)` its occurrence; a name without ` > ` is a named cassette', () => {
    expect(choiceFromLabel('e2e/app.test.ts > checkout > pays', root, 'x')).toEqual({
      kind: 'test',
      identity: { file: 'e2e/app.test.ts', names: ['checkout', 'pays'], occurrence: 1 },
    })
    expect(choiceFromLabel('e2e/app.test.ts > pays (2)', root, 'x')).toEqual({
      kind: 'test',
      identity: { file: 'e2e/app.test.ts', names: ['pays'], occurrence: 2 },
    })
    expect(choiceFromLabel('/project/e2e/app.test.ts > pays', root, 'x')).toMatchObject({ identity: { file: 'e2e/app.test.ts' } })
    expect(choiceFromLabel('shared/checkout', root, 'x')).toEqual({ kind: 'named', name: 'shared/checkout' })
    expect(() => choiceFromLabel(' ', root, 'the header')).toThrow('the header is empty')
  })

  test('the header is percent-decoded, and may hold the JSON form', () => {
    expect(choiceFromHeader(encodeURIComponent('e2e/a.ts > grüße'), root)).toMatchObject({ identity: { names: ['grüße'] } })
    expect(choiceFromHeader(encodeURIComponent(JSON.stringify({ file: 'e2e/a.ts', names: ['a > b', 'c'] })), root)).toMatchObject({
      identity: { names: ['a > b', 'c'] },
    })
    expect(() => choiceFromHeader('%E0%A4%A', root)).toThrow('is not percent-encoded correctly')
    expect(() => choiceFromHeader('{nope', root)).toThrow('starts with "{" but is not JSON')
  })

  test('the JSON form takes exactly one of test, name, or file + names (+ occurrence)', () => {
    expect(choiceFromJson({ test: 'e2e/a.ts > b' }, root, 'body')).toMatchObject({ kind: 'test' })
    expect(choiceFromJson({ name: 'shared/x' }, root, 'body')).toEqual({ kind: 'named', name: 'shared/x' })
    expect(choiceFromJson({ file: 'e2e/a.ts', names: ['b'], occurrence: 3 }, root, 'body')).toMatchObject({ identity: { occurrence: 3 } })
    for (const bad of [
      null,
      [],
      {},
      { test: 'a > b', name: 'x' },
      { file: 'a', names: [] },
      { file: 'a', names: ['b'], occurrence: 0 },
      { file: 'a', names: [1] },
      { name: '' },
    ]) {
      expect(() => choiceFromJson(bad, root, 'the body'), JSON.stringify(bad)).toThrow(/the body/)
    }
  })
})

describe('keys', () => {
  const env = { OPENAI_API_KEY: 'sk-env', ANTHROPIC_API_KEY: 'sk-ant-env', GEMINI_API_KEY: 'g-env' }
  const sent = (provider: 'openai' | 'anthropic' | 'google', headers: Record<string, string>, url = 'http://h/x', environment: NodeJS.ProcessEnv = env) => {
    const copy = new Headers(headers)
    addServeKey(provider, copy, new URL(url), environment)
    return Object.fromEntries(copy)
  }

  test('the client’s own key is sent as it is', () => {
    expect(sent('openai', { authorization: 'Bearer sk-client' })).toEqual({ authorization: 'Bearer sk-client' })
    expect(sent('anthropic', { authorization: 'Bearer sk-client' })).toEqual({ authorization: 'Bearer sk-client' })
    expect(sent('google', {}, 'http://h/x?key=client')).toEqual({})
  })

  test('no key, or the runners’ placeholder, gets serve’s own in the provider’s header', () => {
    expect(sent('openai', {})).toEqual({ authorization: 'Bearer sk-env' })
    expect(sent('openai', { authorization: `Bearer ${PLACEHOLDER_API_KEY}` })).toEqual({ authorization: 'Bearer sk-env' })
    expect(sent('anthropic', { authorization: `Bearer ${PLACEHOLDER_API_KEY}` })).toEqual({ 'x-api-key': 'sk-ant-env' })
    expect(sent('google', { 'x-goog-api-key': PLACEHOLDER_API_KEY })).toEqual({ 'x-goog-api-key': 'g-env' })
  })

  test('without a key of serve’s own, the placeholder goes on (a call that must go live is then refused naming the variable)', () => {
    expect(sent('openai', { authorization: `Bearer ${PLACEHOLDER_API_KEY}` }, 'http://h/x', { OPENAI_API_KEY: PLACEHOLDER_API_KEY })).toEqual({
      authorization: `Bearer ${PLACEHOLDER_API_KEY}`,
    })
    expect(sent('openai', {}, 'http://h/x', {})).toEqual({})
  })
})

test('errors are shaped as each provider’s API shapes them', () => {
  const body = (provider: 'openai' | 'anthropic' | 'google' | 'plain') => JSON.parse(errorReply(provider, 404, 'not_found', 'gone', 'ERR_X').body)
  expect(body('openai')).toEqual({ error: { message: 'gone', type: 'invalid_request_error', param: null, code: 'ERR_X' } })
  expect(body('plain')).toEqual(body('openai'))
  expect(body('anthropic')).toEqual({ type: 'error', error: { type: 'not_found_error', message: 'gone' } })
  expect(body('google')).toEqual({ error: { code: 404, message: 'gone', status: 'NOT_FOUND' } })
  expect(errorReply('openai', 400, 'invalid_request', 'x').headers).toEqual({ 'content-type': 'application/json', 'x-should-retry': 'false' })
})

test('on a loopback address, only local hosts and origins are served', () => {
  const request = (headers: Record<string, string>) => ({ headers }) as unknown as IncomingMessage
  expect(refusedCaller(request({ host: '127.0.0.1:4000' }), '127.0.0.1', 4000)).toBeUndefined()
  expect(refusedCaller(request({ host: 'localhost:4000', origin: 'http://localhost:3000' }), '127.0.0.1', 4000)).toBeUndefined()
  expect(refusedCaller(request({ host: '[::1]:4000' }), '::1', 4000)).toBeUndefined()
  expect(refusedCaller(request({ host: 'evil.example:4000' }), '127.0.0.1', 4000)).toContain('Host "evil.example:4000"')
  expect(refusedCaller(request({ host: '127.0.0.1:4000', origin: 'https://evil.example' }), '127.0.0.1', 4000)).toContain('not web pages')
  expect(refusedCaller(request({ host: 'evil.example:4000' }), '0.0.0.0', 4000)).toBeUndefined()
})
