import { createHash, generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto'
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
    ['an Azure AI services key', `${'A1b2'.repeat(13)}JQQJ9${'z9Y8x'.repeat(5)}ab`],
  ])('%s', (_, text) => {
    expect(findKeyShaped(text, new Set())).toBeDefined()
    expect(refusal({ body: { text } }, []).jsonPath).toBe('$.body.text')
  })

  test('each text is scanned once, and a credential met again is reported where it first is', () => {
    const key = 'sk-proj-1234567890abcdefghijABCDEFGHIJ'
    const chunks = [
      { id: 'chatcmpl-1', content: 'hi' },
      { id: 'chatcmpl-1', content: key },
      { id: 'chatcmpl-1', content: key },
    ]
    expect(refusal({ body: chunks }, []).jsonPath).toBe('$.body[1].content')
    // First as a member's text (scanned by secretlint only), then as a value: the key-shape scan still sees it.
    const member = `"note": "${key}"`
    expect(refusal({ a: { note: key }, b: member }, []).jsonPath).toBe('$.a.note')
    expect(refusal({ b: member }, []).jsonPath).toBe('$.b')
    // A repeated string member still reaches secretlint with its key (AWS's rule needs both).
    const aws = { aws_secret_access_key: 'q8Zr2LmN4vXc7Tb1Hs9Kd3Wf6Jg0Ye5Pa/Uo+Ri2' }
    expect(refusal({ body: [aws, aws] }, []).jsonPath).toBe('$.body[0].aws_secret_access_key')
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

/** Fake but well-formed: each has the shape its provider's keys have. */
const fill = (length: number) => Array.from({ length }, (_, i) => 'aB3dE5fG7hJ9kL2mN4pQ6rS8tU1vW0xYz'[(i * 7 + 3) % 33]).join('')
const RSA_KEY = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs1', format: 'pem' }) as string
const EC_KEY = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'sec1', format: 'pem' }) as string

/** Other providers' and platforms' credentials, in a prompt: what each is reported as. */
const FOREIGN: [name: string, text: string, reported: string][] = [
  ['an Anthropic key', `sk-ant-api03-${fill(93)}AA`, 'secretlint: anthropic, ANTHROPIC_API_KEY'],
  ['an OpenAI project key', `sk-proj-${fill(74)}T3BlbkFJ${fill(74)}`, 'secretlint: openai, OPENAI_TOKEN'],
  ['a GitHub token', `ghp_${fill(36)}`, 'secretlint: github, GITHUB_TOKEN'],
  ['a Slack bot token', `xoxb-123456789012-1234567890123-${fill(24)}`, 'secretlint: slack, SLACK_TOKEN'],
  ['an npm token', `npm_${fill(36)}`, 'secretlint: npm, NPM_ACCESS_TOKEN'],
  ['an AWS access key id', 'AKIAQWERTYUIOPASDFGH', 'secretlint: aws, AWSAccessKeyID'],
  ['an AWS secret access key', `aws_secret_access_key = "${fill(40)}"`, 'secretlint: aws, AWSSecretAccessKey'],
  ['a Stripe live key', `sk_live_${fill(24)}`, 'secretlint: stripe, STRIPE_SECRET_KEY_LIVE'],
  ['a Hugging Face token', 'hf_aBcDeFgHiJkLmNoPqRsTuVwXyZaBcDeFgH', 'secretlint: huggingface, HUGGINGFACE_USER_ACCESS_TOKEN'],
  ['a Groq key', `gsk_${fill(52)}`, 'secretlint: groq, GROQ_API_KEY'],
  ['a GitLab token', `glpat-${fill(20)}`, 'secretlint: gitlab, GITLAB_PERSONAL_ACCESS_TOKEN'],
  ['a SendGrid key', `SG.${fill(22)}.${fill(43)}`, 'secretlint: sendgrid, SENDGRID_KEY'],
  ['a Shopify token', 'shpat_0123456789abcdef0123456789abcdef', 'secretlint: shopify, SHOPIFY_KEY'],
  ['a Linear key', `lin_api_${fill(40)}`, 'secretlint: linear, LINEAR_API_TOKEN'],
  ['a password in a URL', 'https://admin:s3cr3tP4ss@internal.example.com/', 'secretlint: basicauth, BasicAuth'],
  ['a database URL with a password', 'postgres://app:Xy9kLm2pQr@db.internal:5432/app', 'secretlint: database-connection-string, PostgreSQLConnection'],
  ['an RSA private key', RSA_KEY, 'secretlint: privatekey'],
  ['an EC private key (too short for secretlint)', EC_KEY, 'a private key (-----BEGIN … PRIVATE KEY-----)'],
  ['a Google (Gemini) API key', `AIza${fill(35)}`, 'a Google API key'],
  ['a JSON Web Token', `eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4ifQ.${fill(43)}`, 'a JSON Web Token'],
  ['an xAI key', `xai-${fill(80)}`, 'an xAI API key'],
  ['a Perplexity key', `pplx-${fill(48)}`, 'a Perplexity API key'],
  ['a DeepSeek-style key', `sk-${'0123456789abcdef'.repeat(2)}`, 'an OpenAI-style secret key'],
]

describe("other providers' and platforms' credentials (secretlint's recommended rules, and the shapes they lack)", () => {
  test.each(FOREIGN)('%s in a prompt is refused, naming where and what, never the key', async (_, key, reported) => {
    const error = await refusal({ interactions: [{ request: { body: { messages: [{ content: `use ${key} for it` }] } } }] }, [])
    expect(error.jsonPath).toBe('$.interactions[0].request.body.messages[0].content')
    expect(error.message).toContain(reported)
    expect(error.message).not.toContain(key)
  })

  test('a secretlint-disable comment in a reply does not switch the scan off', async () => {
    const text = `// secretlint-disable\nconst token = "ghp_${fill(36)}"\n// secretlint-enable`
    expect((await refusal({ body: { text } }, [])).message).toContain('GITHUB_TOKEN')
  })

  test('a bare 32-hex trace id is not a credential (it was, as an "Azure OpenAI key"); the client\'s own 32-hex key still is', async () => {
    const trace = 'f8af660a0e1b4c2d9e8f7a6b5c4d3e2f'
    expect(guard({ error: { trace } }, [])).not.toThrow()
    expect((await refusal({ error: { trace } }, [trace])).message).toContain("the client's API key appears at $.error.trace")
  })
})
