import { mkdtemp, readFile, rm, truncate, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { MAX_CASSETTE_BYTES } from '../../src/cassette/read-file.js'
import { serializeCassette } from '../../src/cassette/serialize.js'
import { chatJson, chatStream, cli, responsesStream, toolConversation, writeCassette, writeJson } from './helpers.js'

// Split so that no scanner flags this file itself.
const PLANTED_KEY = ['sk', 'proj', 'Ab3dEf6hIj9kLm2nOp5qRs8t'].join('-')

describe('llm-cassettes verify', () => {
  let work: string
  const shown = (name: string) => relative(process.cwd(), join(work, name))
  beforeEach(async () => {
    work = await mkdtemp(join(tmpdir(), 'llm-cassettes-verify-'))
    await writeCassette(work, 'a/chat.json', 'chat', [chatJson, chatStream])
    await writeCassette(work, 'b/tools.json', 'tools', toolConversation)
  })
  afterEach(() => rm(work, { recursive: true, force: true }))

  test('good cassettes next to unrelated JSON: "N cassettes OK", exit 0', async () => {
    await writeJson(work, 'package.json', '{"name": "x", "version": "1.0.0"}')
    const run = await cli('verify', work)
    expect(run).toEqual({ code: 0, out: '2 cassettes OK', err: '' })
  })

  test('a corrupt file, a planted key and recorded headers: one line each, exit 1', async () => {
    await writeJson(work, 'corrupt.json', '{"version": 1, "test": "t", "interactions": [')
    const leaky = structuredClone(responsesStream)
    ;(leaky.response.body as unknown[]).push({ type: 'response.output_text.delta', delta: `your key is ${PLANTED_KEY}` })
    await writeCassette(work, 'leaky.json', 'leaky', [leaky])
    const withHeaders = structuredClone(chatJson)
    ;(withHeaders.request as { headers: Record<string, string> }).headers = { 'x-trace': 'abc' }
    await writeCassette(work, 'headers.json', 'headers', [chatStream, withHeaders])

    const run = await cli('verify', work)
    expect(run.code).toBe(1)
    const lines = run.out.split('\n')
    expect(lines).toHaveLength(3)
    expect(lines[0]).toMatch(new RegExp(`^${shown('corrupt.json')}: is not valid JSON \\(`))
    expect(lines[1]).toBe(`${shown('headers.json')}: $.interactions[1].request.headers is not empty (x-trace): request headers must never be recorded`)
    expect(lines[2]).toBe(
      `${shown('leaky.json')}: an OpenAI-style secret key (sk-…) at $.interactions[0].response.body[5].delta (if it is not a secret, pass --allow <string>)`,
    )
    expect(run.err).toContain('3 problem(s)')
  })

  test('a file with "interactions" but the wrong format is reported with parseCassette\'s message', async () => {
    await writeJson(work, 'wrong.json', JSON.stringify({ version: 1, test: 't', interactions: [{ request: {} }] }))
    const run = await cli('verify', work)
    expect(run.code).toBe(1)
    expect(run.out).toBe(`${shown('wrong.json')}: $.interactions[0].response is missing or not an object`)
  })

  test('a cassette that parses only once its bytes are decoded loosely is still reported as not UTF-8', async () => {
    // verify parses each file once to tell cassettes from other JSON; a byte that is not UTF-8 becomes U+FFFD there.
    const text = JSON.stringify({ version: 1, test: 't', interactions: [], note: 'x' })
    const bytes = Buffer.concat([Buffer.from(text.slice(0, -3)), Buffer.from([0xff]), Buffer.from(text.slice(-2))])
    const path = join(work, 'latin1.json')
    await writeFile(path, bytes)
    const run = await cli('verify', work)
    expect(run.code).toBe(1)
    expect(run.out).toBe(`${shown('latin1.json')}: is not valid UTF-8 (byte ${text.length - 3})`)
  })

  test('--allow lets a known false positive through; other keys are still reported', async () => {
    const cassette = structuredClone(chatJson)
    ;(cassette.request.body as { messages: unknown[] }).messages.push({ role: 'user', content: `doc id ${PLANTED_KEY}` })
    await writeCassette(work, 'allowed.json', 'allowed', [cassette])
    expect((await cli('verify', work, '--allow', PLANTED_KEY)).code).toBe(0)
    const other = await cli('verify', work, '--allow', 'sk-something-else-123456789012')
    expect(other.code).toBe(1)
    expect(other.out).toContain('allowed.json: an OpenAI-style secret key')
  })

  test("a key split across stream chunks, a foreign platform's key and an impossible status: one line each", async () => {
    const split = structuredClone(chatStream)
    const token = ['ghp', 'aB3dE5fG7hJ9kL2mN4pQ6rS8tU1vW0xYz123'].join('_')
    const pieces = token.match(/.{1,4}/g)!
    split.response.body = pieces.map((content) => ({
      ...(chatStream.response.body as any[])[1],
      __data__: { ...(chatStream.response.body as any[])[1].__data__, choices: [{ index: 0, delta: { content } }] },
    }))
    await writeCassette(work, 'split.json', 'split', [split])
    const slack = structuredClone(chatJson)
    ;(slack.request.body as { messages: unknown[] }).messages.push({
      role: 'user',
      content: ['xoxb', '123456789012', '1234567890123', 'AbCdEfGhIjKlMnOpQrStUvWx'].join('-'),
    })
    await writeCassette(work, 'slack.json', 'slack', [slack])
    const impossible = structuredClone(chatJson)
    impossible.response.status = 101
    await writeCassette(work, 'status.json', 'status', [impossible])
    const run = await cli('verify', work)
    expect(run.code).toBe(1)
    expect(run.out.split('\n')).toEqual([
      `${shown('slack.json')}: a credential (secretlint: slack, SLACK_TOKEN) at $.interactions[0].request.body.messages[2].content (if it is not a secret, pass --allow <string>)`,
      `${shown('split.json')}: a credential (secretlint: github, GITHUB_TOKEN) at $.interactions[0].response.body[*].__data__.choices[0].delta.content (joined across chunks 0–${pieces.length - 1}) (if it is not a secret, pass --allow <string>)`,
      `${shown('status.json')}: $.interactions[0].response.status must be the status of a final HTTP response (an integer from 200 to 599)`,
    ])
  })

  test('verify changes nothing', async () => {
    const path = join(work, 'a/chat.json')
    await cli('verify', work)
    expect(await readFile(path, 'utf8')).toBe(serializeCassette({ version: 1, test: 'chat', interactions: [chatJson, chatStream] }))
  })

  test('a file that cannot be read fails the run before any problem line, naming it', async () => {
    const leaky = structuredClone(chatJson)
    ;(leaky.request as { headers: Record<string, string> }).headers = { 'x-trace': 'abc' }
    await writeCassette(work, 'a-headers.json', 'headers', [leaky])
    const large = join(work, 'b-large.json')
    await writeFile(large, '')
    await truncate(large, MAX_CASSETTE_BYTES + 1)
    const run = await cli('verify', work)
    expect(run.code).toBe(1)
    expect(run.out).toBe('')
    expect(run.err).toContain('b-large.json is 256.0 MiB, over the 256.0 MiB a cassette may have')
  })
})
