import { describe, expect, test } from 'vitest'
import type { CassetteStore } from '../../src/cassette/store.js'
import type { Cassette } from '../../src/cassette/types.js'
import { CassetteError } from '../../src/errors.js'
import { useCassette } from '../../src/index.js'
import { CassetteSession } from '../../src/session/cassette-session.js'
import { runWithSession } from '../../src/session/current.js'
import { sessionCall } from '../support/session-call.js'

function memoryStore(files: Map<string, Cassette>): CassetteStore {
  return {
    read: async (path) => files.get(path),
    update: async (path, change) => {
      const next = change(files.get(path))
      if (next) files.set(path, next)
      return next ? 'written' : 'unchanged'
    },
  }
}

function session(files = new Map<string, Cassette>()) {
  return new CassetteSession({
    cassettePath: '/c/own.json',
    displayPath: 'cassettes/own.json',
    test: 'a.test.ts > t',
    resolveMode: () => ({ mode: 'auto', reason: 'default' }),
    recordCommand: 'npx vitest run a.test.ts',
    store: memoryStore(files),
    namedCassette: (name) => ({ cassettePath: `/c/${name}.json`, displayPath: `cassettes/${name}.json`, test: `useCassette(${name})` }),
  })
}

const call = () =>
  sessionCall(
    'https://api.openai.com/v1/models',
    { method: 'GET' },
    {
      baseURL: 'https://api.openai.com/v1',
      apiKey: 'sk-test-0123456789',
      sendLive: async () => new Response('{"object":"list","data":[]}', { headers: { 'content-type': 'application/json' } }),
    },
  )

describe('useCassette', () => {
  test('points the test at the named cassette, which is where its calls are written', async () => {
    const files = new Map<string, Cassette>()
    const current = session(files)
    await runWithSession(current, async () => {
      useCassette('shared/models')
      await current.handle(await call())
    })
    await current.finish()
    expect([...files.keys()]).toEqual(['/c/shared/models.json'])
    expect(files.get('/c/shared/models.json')?.test).toBe('useCassette(shared/models)')
  })

  test('after the first call, with an empty name, or outside a test: an error that says what to do', async () => {
    const current = session()
    await runWithSession(current, async () => {
      expect(() => useCassette('')).toThrowError('useCassette() needs a non-empty name')
      await current.handle(await call())
      expect(() => useCassette('late')).toThrowError(
        'useCassette("late") was called after the test\'s first call, which already used cassettes/own.json. Call it first.',
      )
    })
    expect(() => useCassette('x')).toThrowError(CassetteError)
    expect(() => useCassette('x')).toThrowError('was called outside a test')
  })
})
