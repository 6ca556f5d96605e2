import { spawn } from 'node:child_process'
import { connect, createServer } from 'node:net'
import { rm } from 'node:fs/promises'
import Anthropic from '@anthropic-ai/sdk'
import OpenAI from 'openai'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { PLACEHOLDER_API_KEY } from '../../src/safety/placeholder-key.js'
import { childEnv } from '../support/fixture-project.js'
import { CLI, control, startServe, workDir, type ServeProcess } from './support.js'

// What a client, a test or a user gets when they get it wrong: provider-shaped errors with the status SDKs expect,
// a miss that is never retried nor left hanging, and CLI usage errors with the help.

function runCli(args: string[], cwd: string, env: Record<string, string | undefined> = {}) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd, env: childEnv(env) })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (data: Buffer) => (stdout += data.toString()))
    child.stderr.on('data', (data: Buffer) => (stderr += data.toString()))
    child.on('close', (code) => resolve({ code, stdout, stderr }))
  })
}

async function post(url: string, body: string, headers: Record<string, string> = {}) {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body })
  return { status: response.status, json: (await response.json()) as Record<string, any>, headers: response.headers }
}

describe('llm-cassettes serve: bad input', () => {
  let dir: string
  let serve: ServeProcess

  beforeAll(async () => {
    dir = await workDir('bad-input')
    serve = await startServe(dir, ['--mode', 'replay'])
  })

  afterAll(async () => {
    await serve?.stop()
    await rm(dir, { recursive: true, force: true })
  })

  test('a body that is not JSON, or not an object, gets each provider’s own 400', async () => {
    const openai = await post(`${serve.url}/v1/chat/completions`, '{"model": "gpt-4o-mini",')
    expect(openai.status).toBe(400)
    expect(openai.json).toEqual({
      error: {
        message: expect.stringMatching(/^The request body is not valid JSON \(.+\)\. The openai API expects a JSON object\.$/),
        type: 'invalid_request_error',
        param: null,
        code: null,
      },
    })
    expect(openai.headers.get('x-should-retry')).toBe('false')
    const anthropic = await post(`${serve.url}/v1/messages`, '[1, 2]')
    expect(anthropic.status).toBe(400)
    expect(anthropic.json).toEqual({
      type: 'error',
      error: { type: 'invalid_request_error', message: 'The request body must be a JSON object; got an array.' },
    })
    const gemini = await post(`${serve.url}/v1beta/models/gemini-2.5-flash:generateContent`, 'nope')
    expect(gemini.status).toBe(400)
    expect(gemini.json).toEqual({ error: { code: 400, message: expect.stringContaining('not valid JSON'), status: 'INVALID_ARGUMENT' } })
  })

  test('a request that names no cassette, or names it wrongly, is a 400 saying how to name one', async () => {
    const openai = new OpenAI({ baseURL: `${serve.url}/v1`, apiKey: 'sk-anything', maxRetries: 2 })
    const error = await openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }] }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(OpenAI.BadRequestError)
    expect((error as Error).message).toContain('the request names no cassette. Send the x-llm-cassette header')
    const badHeader = await post(`${serve.url}/v1/chat/completions`, '{}', { 'x-llm-cassette': 'a%E0%A4%A' })
    expect(badHeader.status).toBe(400)
    expect(badHeader.json.error.message).toContain('is not percent-encoded correctly')
    const emptyName = await post(`${serve.url}/v1/messages`, '{}', { 'x-llm-cassette': 'e2e/a.ts >  > x' })
    expect(emptyName.json).toEqual({ type: 'error', error: { type: 'invalid_request_error', message: expect.stringContaining('has an empty name') } })
    const unknownId = await post(`${serve.url}/__llm-cassettes/c/cdeadbeef/v1/chat/completions`, '{}')
    expect(unknownId.json.error.message).toContain('no open cassette or running test has the id cdeadbeef')
  })

  test('a miss in replay mode is a 404 the SDKs do not retry, with the miss in the body', async () => {
    const anthropic = new Anthropic({
      baseURL: serve.url,
      apiKey: 'sk-anything',
      maxRetries: 2,
      defaultHeaders: { 'x-llm-cassette': 'e2e/miss.ts > anthropic' },
    })
    const before = (serve.stderr().match(/no recording for/g) ?? []).length
    const error = await anthropic.messages
      .create({ model: 'claude-haiku-4-5', max_tokens: 8, messages: [{ role: 'user', content: 'Hi' }] })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(Anthropic.NotFoundError)
    expect((error as InstanceType<typeof Anthropic.NotFoundError>).status).toBe(404)
    expect((error as Error).message).toContain('no recording for POST /v1/messages (model claude-haiku-4-5)')
    expect((error as Error).message).toContain('cassette: cassettes/e2e/miss.ts/anthropic.json')
    // One request, one miss: the SDK did not retry it.
    await expect.poll(() => (serve.stderr().match(/no recording for/g) ?? []).length).toBe(before + 1)
    const raw = await post(`${serve.url}/v1/chat/completions`, '{"model":"gpt-4o-mini","messages":[]}', { 'x-llm-cassette': 'e2e/miss.ts > openai' })
    expect(raw.status).toBe(404)
    expect(raw.json.error).toMatchObject({
      type: 'invalid_request_error',
      code: 'ERR_CASSETTE_MISS',
      message: expect.stringContaining('no recording for POST /v1/chat/completions'),
    })
  })

  test('a path of no known API, with no --upstream, is a 404 naming the flag', async () => {
    const response = await fetch(`${serve.url}/api/generate`, { method: 'POST', body: '{}', headers: { 'x-llm-cassette': 'x' } })
    expect(response.status).toBe(404)
    expect(((await response.json()) as any).error.message).toContain('serve has no upstream for POST /api/generate')
  })

  test('control calls that are wrong get a JSON error naming the problem', async () => {
    const notJson = await fetch(`${serve.url}/__llm-cassettes/cassette`, { method: 'POST', body: 'test=x' })
    expect(notJson.status).toBe(400)
    expect(((await notJson.json()) as any).error.message).toContain('not valid JSON')
    const wrongShape = await control(serve.url, 'POST', { file: 'e2e/a.ts' })
    expect(wrongShape.status).toBe(400)
    expect(wrongShape.json.error.message).toContain('must name one cassette')
    expect((await control(serve.url, 'DELETE', undefined, '/__llm-cassettes/cassette/cfeedface')).status).toBe(404)
    expect((await control(serve.url, 'DELETE')).json.error.message).toContain('but none is open')
    expect((await fetch(`${serve.url}/__llm-cassettes/cassette`, { method: 'PUT' })).status).toBe(405)
    expect((await fetch(`${serve.url}/__llm-cassettes/nothing`)).status).toBe(404)
  })

  test('a cassette is ended by id, by the JSON that names it, or as the one opened; health lists the open ones', async () => {
    const first = await control(serve.url, 'POST', { name: 'control/first' })
    const second = await control(serve.url, 'POST', { test: 'e2e/control.ts > second' })
    expect(first.json).toMatchObject({ cassette: 'cassettes/control/first.json', test: 'control/first', mode: 'replay' })
    expect(second.json).toMatchObject({ cassette: 'cassettes/e2e/control.ts/second.json', test: 'e2e/control.ts > second' })
    // Opening it again is the same cassette.
    expect((await control(serve.url, 'POST', { file: 'e2e/control.ts', names: ['second'] })).json.id).toBe(second.json.id)
    const health = await fetch(`${serve.url}/__llm-cassettes/health`).then((response) => response.json() as Promise<{ open: { id: string }[] }>)
    // (Beside those the other tests' headers opened.)
    expect(health.open.map((open) => open.id)).toEqual(expect.arrayContaining([first.json.id, second.json.id]))
    expect((await control(serve.url, 'DELETE')).json.error.message).toContain('but 2 are open')
    const byJson = await control(serve.url, 'DELETE', { name: 'control/first' })
    expect(byJson.json).toMatchObject({ id: first.json.id, replayed: 0, recorded: 0, saved: false })
    expect((await control(serve.url, 'DELETE', { name: 'control/first' })).status).toBe(404)
    expect((await control(serve.url, 'DELETE', undefined, `/__llm-cassettes/cassette/${second.json.id}`)).status).toBe(200)
    const ended = await post(`${serve.url}/__llm-cassettes/c/${second.json.id}/v1/chat/completions`, '{}')
    expect(ended.json.error.message).toContain(`the cassette e2e/control.ts > second (id ${second.json.id}) was ended`)
  })

  test('requests from web pages and to other host names are refused: serve spends the keys it holds', async () => {
    const origin = await post(`${serve.url}/v1/chat/completions`, '{}', { origin: 'https://evil.example', 'x-llm-cassette': 'x' })
    expect(origin.status).toBe(403)
    expect(origin.json.error.message).toContain('not web pages')
    const port = new URL(serve.url).port
    const rebound = await new Promise<string>((resolve, reject) => {
      // fetch sets Host itself: a raw request, as a page whose name resolves to 127.0.0.1 would send it.
      const socket = connect(Number(port), '127.0.0.1', () => {
        socket.write(`POST /v1/chat/completions HTTP/1.1\r\nHost: evil.example:${port}\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}`)
      })
      let text = ''
      socket.on('data', (data: Buffer) => (text += data.toString()))
      socket.on('end', () => resolve(text))
      socket.on('error', reject)
    })
    expect(rebound).toMatch(/^HTTP\/1\.1 403/)
  })

  test('a call that must go live without a key is a 401 naming the variable', async () => {
    const live = await startServe(dir, ['--mode', 'auto', '--upstream', 'http://127.0.0.1:9/v1'])
    try {
      const openai = new OpenAI({
        baseURL: `${live.url}/v1`,
        apiKey: PLACEHOLDER_API_KEY,
        maxRetries: 2,
        defaultHeaders: { 'x-llm-cassette': 'e2e/key.ts > no key' },
      })
      const error = await openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }] }).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(OpenAI.AuthenticationError)
      expect((error as Error).message).toContain('OPENAI_API_KEY is not set, so POST /v1/chat/completions (model gpt-4o-mini) cannot be sent live')
      // With a key of its own, the upstream being down is a 502 naming it.
      const keyed = new OpenAI({
        baseURL: `${live.url}/v1`,
        apiKey: 'sk-own-key-0123456789',
        maxRetries: 0,
        defaultHeaders: { 'x-llm-cassette': 'e2e/key.ts > no key' },
      })
      const down = await keyed.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }] }).catch((e: unknown) => e)
      expect(down).toBeInstanceOf(OpenAI.InternalServerError)
      expect((down as InstanceType<typeof OpenAI.APIError>).status).toBe(502)
      expect((down as Error).message).toContain('serve could not reach http://127.0.0.1:9/v1/chat/completions')
    } finally {
      const stopped = await live.stop()
      expect(stopped.code).toBe(0)
    }
  })

  test('CLI usage errors exit 2 with the help; a port in use or a bad LLM_CASSETTES_MODE exits 1 in one line', async () => {
    for (const args of [['--bogus'], ['--mode', 'fast'], ['--upstream', 'ftp://example.com'], ['--port', '99999'], ['extra'], ['--cassette', '']]) {
      const result = await runCli(['serve', ...args], dir)
      expect(result.code, args.join(' ')).toBe(2)
      expect(result.stderr).toMatch(/^llm-cassettes serve: .+\n\nUsage: llm-cassettes serve \[options\]/)
      expect(result.stdout).toBe('')
    }
    expect((await runCli(['serve', '--mode', 'fast'], dir)).stderr).toContain('Valid modes: auto, replay')
    const help = await runCli(['serve', '--help'], dir)
    expect(help.code).toBe(0)
    expect(help.stdout).toContain('--upstream-anthropic <url>')

    const taken = createServer()
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve))
    const port = (taken.address() as { port: number }).port
    const busy = await runCli(['serve', '--port', String(port)], dir)
    taken.close()
    expect(busy.code).toBe(1)
    expect(busy.stderr).toBe(`[llm-cassettes] serve cannot listen on 127.0.0.1:${port}: the port is in use\n`)
    const badMode = await runCli(['serve'], dir, { LLM_CASSETTES_MODE: 'sometimes' })
    expect(badMode.code).toBe(1)
    expect(badMode.stderr.trim().split('\n')).toHaveLength(1)
    expect(badMode.stderr).toContain('LLM_CASSETTES_MODE is "sometimes", which is not a mode')
  })
})
