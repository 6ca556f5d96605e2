import { randomUUID } from 'node:crypto'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { normalizeIds } from '../../src/cassette/normalize-ids.js'
import { createFileStore } from '../../src/cassette/store.js'
import type { Cassette, Interaction } from '../../src/cassette/types.js'
import type { Mode } from '../../src/mode.js'
import { openaiFormat } from '../../src/providers/openai/format.js'
import { anthropicFormat } from '../../src/providers/anthropic/format.js'
import { CassetteSession } from '../../src/session/cassette-session.js'
import { sessionCall } from '../support/session-call.js'

const BASE_URL = 'https://api.openai.com/v1'
const random = () => randomUUID().replace(/-/g, '').slice(0, 24)

/** A server that makes up every id and reads its clock on every call, as real ones do; its answers are deterministic. */
function volatileServer() {
  const seen: unknown[] = []
  return {
    seen,
    reply(body: { messages: { role: string; tool_call_id?: string }[] }): Response {
      seen.push(body)
      const toolResult = body.messages.find((message) => message.role === 'tool')
      const message = toolResult
        ? { role: 'assistant', content: `done with ${toolResult.tool_call_id}` }
        : { role: 'assistant', content: null, tool_calls: [{ id: `call_${random()}`, type: 'function', function: { name: 'weather', arguments: '{}' } }] }
      return Response.json(
        {
          id: `chatcmpl-${random()}`,
          object: 'chat.completion',
          created: Math.floor(Date.now() / 1000) + Math.floor(Math.random() * 1000),
          model: 'm',
          system_fingerprint: `b${random()}`,
          choices: [{ index: 0, message, finish_reason: toolResult ? 'stop' : 'tool_calls' }],
          usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 },
          timings: { prompt_n: 3, prompt_ms: Math.random() * 10, predicted_per_second: Math.random() * 100 },
        },
        { headers: { 'x-request-id': `req_${random()}` } },
      )
    },
  }
}

describe('normalizeIds in a session: quiet re-records of a tool loop', () => {
  let dir: string
  let path: string
  const store = createFileStore()

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'llm-cassettes-quiet-'))
    path = join(dir, 't.json')
  })
  afterEach(() => rm(dir, { recursive: true, force: true }))

  const session = (mode: Mode) =>
    new CassetteSession({
      cassettePath: path,
      displayPath: 't.json',
      test: 'a.test.ts > t',
      resolveMode: () => ({ mode, reason: 'test' }),
      recordCommand: '',
      store,
      normalizeIds: true,
    })

  /** The test's code: ask, run the tool the model asked for, send its result back quoting the tool call's id. */
  async function toolLoop(target: CassetteSession, server: ReturnType<typeof volatileServer>) {
    const call = async (messages: { role: string; tool_call_id?: string; [key: string]: unknown }[]) => {
      const body = { model: 'm', messages }
      const prepared = await sessionCall(
        `${BASE_URL}/chat/completions`,
        { method: 'POST', body: JSON.stringify(body) },
        {
          baseURL: BASE_URL,
          apiKey: 'sk-unit-0123456789',
          sendLive: async () => server.reply(body),
        },
      )
      return (await (await target.handle(prepared)).response.json()) as {
        id: string
        choices: { message: { content: string | null; tool_calls?: { id: string }[] } }[]
      }
    }
    const first = await call([{ role: 'user', content: 'weather?' }])
    const toolCall = first.choices[0]!.message.tool_calls![0]!
    const second = await call([
      { role: 'user', content: 'weather?' },
      { role: 'assistant', content: null, tool_calls: [toolCall] },
      { role: 'tool', tool_call_id: toolCall.id, content: 'sunny' },
    ])
    return { toolCallId: toolCall.id, answer: second.choices[0]!.message.content, ids: [first.id, second.id] }
  }

  test('the test sees live values while recording; the cassette holds stand-ins, the same id the same way in the later request', async () => {
    const server = volatileServer()
    const recording = session('record')
    const live = await toolLoop(recording, server)
    await recording.finish()
    expect(live.toolCallId).toMatch(/^call_[0-9a-f]{24}$/)
    expect(live.answer).toBe(`done with ${live.toolCallId}`)

    const text = await readFile(path, 'utf8')
    expect(text).not.toContain(live.toolCallId)
    for (const id of live.ids) expect(text).not.toContain(id)
    const { interactions } = JSON.parse(text) as Cassette
    const first = interactions[0]!.response.body as { __data__: Record<string, unknown> }
    const standIn = (first.__data__['choices'] as { message: { tool_calls: { id: string }[] } }[])[0]!.message.tool_calls[0]!.id
    expect(first.__data__).toMatchObject({
      id: expect.stringMatching(/^rec-[0-9a-f]{12}$/),
      created: 0,
      system_fingerprint: 'fp_rec',
      timings: { prompt_n: 0, prompt_ms: 0, predicted_per_second: 0 },
    })
    expect(standIn).toMatch(/^call_rec-[0-9a-f]{12}-1$/)
    expect(interactions[0]!.response.headers?.['x-request-id']).toMatch(/^req_rec-[0-9a-f]{12}-2$/)
    // The second request quotes the tool call by its stand-in, as replay will send it.
    const messages = (interactions[1]!.request.body as { messages: { tool_call_id?: string; tool_calls?: { id: string }[] }[] }).messages
    expect(messages[1]!.tool_calls![0]!.id).toBe(standIn)
    expect(messages[2]!.tool_call_id).toBe(standIn)
    // The live server got the live id, not the stand-in.
    expect(JSON.stringify(server.seen[1])).toContain(live.toolCallId)
    // The reply text quoted the live id: it holds the stand-in too.
    expect((interactions[1]!.response.body as { __data__: { choices: { message: { content: string } }[] } }).__data__.choices[0]!.message.content).toBe(
      `done with ${standIn}`,
    )

    // Replay: the test gets the stand-in and sends it back; the recording matches.
    const replaying = session('replay')
    const replayed = await toolLoop(replaying, volatileServer())
    await replaying.finish()
    expect(replayed.toolCallId).toBe(standIn)
    expect(replaying.summary()).toMatchObject({ replayed: 2, missed: 0 })
  })

  test('re-recording against a server that makes up new ids every time writes the same bytes', async () => {
    const texts: string[] = []
    for (let run = 0; run < 3; run++) {
      const recording = session('record')
      await toolLoop(recording, volatileServer())
      await recording.finish()
      texts.push(await readFile(path, 'utf8'))
    }
    expect(texts[1]).toBe(texts[0])
    expect(texts[2]).toBe(texts[0])
  })
})

type Event = { response: { id: string; created_at: number; completed_at: number | null }; item: { id: string; call_id: string }; item_id: string }

describe('normalizeIds on one interaction', () => {
  const request = (endpoint: string): Interaction['request'] => ({
    method: 'POST',
    url: `https://x${endpoint}`,
    headers: {},
    body: { model: 'm' },
    endpoint,
    model: 'm',
  })

  test('the Responses API: resp_, msg_, fc_ and call_ ids, created_at and completed_at, in a stream too', () => {
    const events = [
      { type: 'response.created', response: { id: 'resp_live1', created_at: 1764500000, completed_at: null, output: [] } },
      { type: 'response.output_item.added', item: { id: 'fc_live2', type: 'function_call', call_id: 'call_live3', name: 'f' } },
      { type: 'response.function_call_arguments.delta', item_id: 'fc_live2', delta: '{}' },
      {
        type: 'response.completed',
        response: { id: 'resp_live1', created_at: 1764500000, completed_at: 1764500003, output: [{ id: 'msg_live4', type: 'message' }] },
      },
    ]
    const interaction: Interaction = { request: request('/v1/responses'), response: { body: events, is_streaming: true } }
    const stored = normalizeIds(interaction, openaiFormat.volatileFields) as unknown as { response: { body: [Event, Event, Event, Event] } }
    const text = JSON.stringify(stored.response.body)
    for (const live of ['resp_live1', 'fc_live2', 'call_live3', 'msg_live4', '1764500000', '1764500003']) expect(text).not.toContain(live)
    const [created, added, delta, completed] = stored.response.body
    expect(created.response.id).toMatch(/^resp_rec-[0-9a-f]{12}-1$/)
    expect(completed.response.id).toBe(created.response.id)
    expect(added.item.id).toMatch(/^fc_rec-[0-9a-f]{12}-2$/)
    expect(added.item.call_id).toMatch(/^call_rec-[0-9a-f]{12}-3$/)
    expect(delta.item_id).toBe(added.item.id)
    expect(completed.response).toMatchObject({ created_at: 0, completed_at: 0 })
    expect(created.response.completed_at).toBeNull()
  })

  test('Anthropic: msg_ and toolu_ ids, in a message and in its stream', () => {
    const message = {
      __type__: 'anthropic.types.message.Message',
      __data__: { id: 'msg_01Live', type: 'message', content: [{ type: 'tool_use', id: 'toolu_01Live', name: 'f', input: {} }] },
    }
    const stored = normalizeIds({ request: request('/v1/messages'), response: { body: message, is_streaming: false } }, anthropicFormat.volatileFields)
    const data = (stored.response.body as typeof message).__data__
    expect(data.id).toMatch(/^rec-[0-9a-f]{12}$/)
    expect(data.content[0]!.id).toMatch(/^toolu_rec-[0-9a-f]{12}-1$/)
    const stream = [
      { type: 'message_start', message: { id: 'msg_01Live', type: 'message', content: [] } },
      { type: 'content_block_start', index: 0, content_block: { type: 'tool_use', id: 'toolu_01Live', name: 'f', input: {} } },
    ]
    const streamed = normalizeIds({ request: request('/v1/messages'), response: { body: stream, is_streaming: true } }, anthropicFormat.volatileFields)
    expect(JSON.stringify(streamed.response.body)).not.toMatch(/01Live/)
  })
})
