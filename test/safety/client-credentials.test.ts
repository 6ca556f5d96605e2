import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import OpenAI from 'openai'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createFileStore } from '../../src/cassette/store.js'
import { CassetteSecretError } from '../../src/errors.js'
import { credentialsInHeaders, credentialsInUrl } from '../../src/exchange/credential-headers.js'
import { wrapOpenAI } from '../../src/index.js'
import { CassetteSession } from '../../src/session/cassette-session.js'
import { runWithSession } from '../../src/session/current.js'
import { startOpenAIServer, type OpenAIServer } from '../support/openai-server.js'

describe('the credentials a request carries, besides the API key', () => {
  test('headers: schemes dropped, custom token and key headers, cookies', () => {
    const headers = {
      authorization: 'Bearer tok-1',
      'x-goog-api-key': 'g-2',
      'x-custom-token': 't-3',
      'x-service-password': 'p-4',
      cookie: 'session=s-5; theme=dark',
      accept: 'json',
    }
    expect(credentialsInHeaders(headers).sort()).toEqual(['dark', 'g-2', 'p-4', 's-5', 't-3', 'tok-1'])
  })

  test('the URL: key-shaped query parameters', () => {
    expect(credentialsInUrl('https://llm.example/v1/x?key=AIza-q&api-version=2024&access_token=at-1')).toEqual(['AIza-q', 'at-1'])
    expect(credentialsInUrl('not a url')).toEqual([])
  })
})

let server: OpenAIServer
let dir: string
beforeAll(async () => {
  server = await startOpenAIServer()
  dir = await mkdtemp(join(tmpdir(), 'llm-cassettes-credentials-'))
})
afterAll(async () => {
  await server.close()
  await rm(dir, { recursive: true, force: true })
})

/** Records one chat call sending `prompt` with `client`; resolves to what finishing the session threw, if anything. */
async function record(name: string, client: OpenAI, prompt: string): Promise<unknown> {
  const session = new CassetteSession({
    cassettePath: join(dir, `${name}.json`),
    displayPath: `${name}.json`,
    test: name,
    resolveMode: () => ({ mode: 'auto', reason: 'test' }),
    recordCommand: '',
    store: createFileStore(),
  })
  await runWithSession(session, () => client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: prompt }] }))
  return session.finish().then(
    () => undefined,
    (error: unknown) => error,
  )
}

describe('a credential the client holds other than its API key, echoed back by the server, is never written', () => {
  const CASES: [name: string, options: ConstructorParameters<typeof OpenAI>[0], secret: string][] = [
    ['a default header token', { defaultHeaders: { 'x-gateway-token': 'gw-tok-0123456789' } }, 'gw-tok-0123456789'],
    ['a default query key', { defaultQuery: { key: 'query-key-0123456789' } }, 'query-key-0123456789'],
  ]

  test.each(CASES)('%s', async (name, options, secret) => {
    const client = wrapOpenAI(new OpenAI({ apiKey: 'sk-test-0123456789abcdef', baseURL: server.url, maxRetries: 0, ...options }))
    const error = await record(name, client, `the secret is ${secret}`)
    expect(error).toBeInstanceOf(CassetteSecretError)
    expect((error as CassetteSecretError).message).toContain("the client's API key appears at $.interactions[0].request.body.messages[0].content")
    expect(await readdir(dir)).not.toContain(`${name}.json`)
  })
})
