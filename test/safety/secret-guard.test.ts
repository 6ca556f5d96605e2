import { randomBytes, randomUUID, createHash } from 'node:crypto'
import { describe, expect, test } from 'vitest'
import { CassetteSecretError } from '../../src/errors.js'
import { findKeyShaped } from '../../src/safety/key-patterns.js'
import { assertNoSecrets } from '../../src/safety/secret-guard.js'

const KEY = 'sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8t'

function guard(value: unknown, keys: string[] = [KEY], allowed: string[] = []) {
  return () => assertNoSecrets(JSON.stringify(value), value, { keys, allowed }, 'cassettes/t.json')
}

function refusal(value: unknown, keys: string[] = [KEY], allowed: string[] = []): CassetteSecretError {
  try {
    guard(value, keys, allowed)()
  } catch (error) {
    if (error instanceof CassetteSecretError) return error
    throw error
  }
  throw new Error('the write was not refused')
}

describe('the client key, however it is encoded', () => {
  test('as is, naming the cassette and the JSON path, without repeating the key', () => {
    const error = refusal({ interactions: [{ request: { body: { messages: [{ content: `key ${KEY}` }] } } }] })
    expect(error.code).toBe('ERR_CASSETTE_SECRET')
    expect(error.jsonPath).toBe('$.interactions[0].request.body.messages[0].content')
    expect(error.message).toContain("refused to write cassettes/t.json: the client's API key appears at $.interactions[0].request.body.messages[0].content")
    expect(error.message).not.toContain(KEY)
  })

  test('URL-encoded', () => {
    const key = 'azure/key+with=odd&chars'
    expect(refusal({ url: `https://x.test/v1?k=${encodeURIComponent(key)}` }, [key]).message).toContain('(URL-encoded) appears at $.url')
  })

  test('base64 and base64url, at every alignment inside a longer value', () => {
    for (let prefix = 0; prefix < 6; prefix++) {
      for (const alphabet of ['base64', 'base64url'] as const) {
        const blob = Buffer.concat([randomBytes(prefix), Buffer.from(`Bearer ${KEY}`), randomBytes(5)]).toString(alphabet)
        const error = refusal({ body: { blob } }, [KEY])
        expect(error.jsonPath, `${alphabet}, ${prefix} bytes before`).toBe('$.body.blob')
      }
    }
  })

  test('in an object key', () => {
    expect(refusal({ headers: { [KEY]: 'x' } }).jsonPath).toBe(`$.headers[${JSON.stringify(KEY)}]`)
  })
})

describe('key-shaped strings, whoever they belong to', () => {
  test.each([
    ['an OpenAI key', 'sk-proj-1234567890abcdefghijABCDEFGHIJ'],
    ['a legacy OpenAI key', `sk-${'a1B2'.repeat(12)}`],
    ['a bearer token', 'Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.e30.abc123'],
    ['an Azure OpenAI key', 'api-key: 0123456789abcdef0123456789abcdef'],
    ['an Azure AI services key', `${'A1b2'.repeat(13)}JQQJ9${'z9Y8x'.repeat(5)}ab`],
  ])('%s', (_, text) => {
    expect(findKeyShaped(text, new Set())).toBeDefined()
    expect(refusal({ body: { text } }, []).jsonPath).toBe('$.body.text')
  })

  test('an allow-listed string passes; the client key never does', () => {
    const fake = 'sk-fake-000000000000000000000000'
    expect(guard({ body: fake }, [], [fake])).not.toThrow()
    expect(() => guard({ body: KEY }, [KEY], [KEY])()).toThrowError(CassetteSecretError)
  })

  test('ids the API hands out and base64 embeddings are not key-shaped', () => {
    const hex = (bytes: number) => randomBytes(bytes).toString('hex')
    const ids: string[] = []
    for (let i = 0; i < 2000; i++) {
      ids.push(
        `chatcmpl-${randomBytes(22).toString('base64url').replace(/[-_]/g, 'x')}`,
        `req_${hex(16)}`,
        `resp_${hex(24)}`,
        `msg_${hex(24)}`,
        `call_${randomBytes(18).toString('base64url')}`,
        `fp_${hex(5)}`,
        randomUUID(),
        createHash('sha256').update(String(i)).digest('hex'),
        `sk-learn is a library`,
        'the task-management-and-scheduling-module',
      )
    }
    const embeddings = Array.from({ length: 300 }, () => {
      const floats = new Float32Array(1536).map(() => Math.random() * 2 - 1)
      return Buffer.from(floats.buffer).toString('base64')
    })
    const hits = [...ids, ...embeddings].filter((text) => findKeyShaped(text, new Set()))
    console.log(`key-shape scan: ${ids.length} ids and ${embeddings.length} base64 embeddings (1536 floats each), ${hits.length} false positives`)
    expect(hits).toEqual([])
  })
})
