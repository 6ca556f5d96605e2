import { describe, expect, test } from 'vitest'
import { CassetteSecretError } from '../../src/errors.js'
import { credentialsInHeaders } from '../../src/exchange/credential-headers.js'
import { assertNoSecrets } from '../../src/safety/secret-guard.js'

// Anthropic's credentials never reach a cassette: keys of every Anthropic shape are refused wherever they appear,
// and the key a client sends (`x-api-key` in 0.x, `Authorization: Bearer` in 1.x) is known to the guard exactly.

const guard =
  (value: unknown, keys: string[] = []) =>
  () =>
    assertNoSecrets(JSON.stringify(value), value, { keys }, 'cassettes/a.json')

describe('Anthropic keys', () => {
  // Built at run time, so no key-shaped literal sits in the repository for secret scanners to flag.
  const body = (seed: string) => `${seed}${'0aB1cD2eF3gH4iJ5kL6mN7oP8qR9sT'.repeat(3)}-xY`.slice(0, 95)
  const shaped = (kind: string, seed: string) => ['sk', 'ant', kind, body(seed)].join('-')
  test.each([
    ['an API key', shaped('api03', 'Xq3v')],
    ['an admin key', shaped('admin01', 'Zx9y')],
    ['an OAuth token', shaped('oat01', 'Ab3C')],
  ])('%s in a response body is refused, naming the JSON path', (_kind, key) => {
    const cassette = { interactions: [{ response: { body: { content: [{ type: 'text', text: `your key is ${key}` }] } } }] }
    expect(guard(cassette)).toThrow(CassetteSecretError)
    expect(guard(cassette)).toThrow('$.interactions[0].response.body.content[0].text')
  })

  test('the key a client sends is found in either header form, and refused even when it is not key-shaped', () => {
    const key = 'my-proxy-key-123456'
    expect(credentialsInHeaders({ 'x-api-key': key, 'anthropic-version': '2023-06-01', 'anthropic-beta': 'a,b' })).toEqual([key])
    expect(credentialsInHeaders(new Headers({ authorization: `Bearer ${key}` }))).toEqual([key])
    const keys = credentialsInHeaders(new Headers({ authorization: `Bearer ${key}` }))
    expect(guard({ body: `echo ${key}` }, keys)).toThrow(CassetteSecretError)
    expect(guard({ body: 'echo nothing' }, keys)).not.toThrow()
  })
})
