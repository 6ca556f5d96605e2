import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { encodeJsonLines } from '../../src/exchange/json-lines.js'
import { anthropicFormat } from '../../src/providers/anthropic/format.js'
import {
  anthropicInteraction,
  chatJson,
  chatStream,
  cli,
  embeddings,
  interaction,
  rateLimited,
  responsesStream,
  toolConversation,
  writeCassette,
  writeJson,
} from './helpers.js'

describe('llm-cassettes show', () => {
  let work: string
  beforeEach(async () => {
    work = await mkdtemp(join(tmpdir(), 'llm-cassettes-show-'))
  })
  afterEach(() => rm(work, { recursive: true, force: true }))

  test('a chat completion: heading, messages with content parts joined, reply, usage', async () => {
    const file = await writeCassette(work, 'chat.json', 'chat.test.ts > says hi', [chatJson])
    const run = await cli('show', file)
    expect(run.code).toBe(0)
    expect(run.out).toContain(`${file}: chat.test.ts > says hi`)
    expect(run.out).toContain(
      [
        '#1 POST /v1/chat/completions (model gpt-4o-mini)',
        '  system: Be brief.',
        '  user: Say hi',
        '  assistant: Hi there!',
        '  usage: 12 prompt, 3 completion, 15 total tokens',
      ].join('\n'),
    )
  })

  test('a chat stream: the deltas joined into one reply, usage from the last chunk', async () => {
    const file = await writeCassette(work, 'stream.json', 'stream', [chatStream])
    const run = await cli('show', file)
    expect(run.code).toBe(0)
    expect(run.out).toContain('  user: Count to three\n  assistant (streamed, 5 chunks): One, two, three.\n  usage: 9 prompt, 6 completion, 15 total tokens')
  })

  test('a streamed tool call: its name and argument deltas joined', async () => {
    const stream = structuredClone(chatStream)
    const deltas = [
      { tool_calls: [{ index: 0, id: 'call_9', type: 'function', function: { name: 'get_weather', arguments: '' } }] },
      { tool_calls: [{ index: 0, function: { arguments: '{"city":' } }] },
      { tool_calls: [{ index: 0, function: { arguments: '"Oslo"}' } }] },
    ]
    stream.response.body = deltas.map((delta) => ({ object: 'chat.completion.chunk', choices: [{ index: 0, delta }] }))
    const run = await cli('show', await writeCassette(work, 'tool-stream.json', 't', [stream]))
    expect(run.out).toContain('  assistant: → tool get_weather({"city":"Oslo"})')
    expect(run.out).not.toContain('assistant (streamed')
  })

  test('a tool-call conversation: the call, its result, and the final answer', async () => {
    const run = await cli('show', await writeCassette(work, 'tools.json', 'tools', toolConversation))
    expect(run.code).toBe(0)
    expect(run.out).toContain('#1 POST /v1/chat/completions (model gpt-4o)\n  user: Weather in Paris?\n  assistant: → tool get_weather({"city":"Paris"})')
    expect(run.out).toContain(
      [
        '#2 POST /v1/chat/completions (model gpt-4o)',
        '  user: Weather in Paris?',
        '  assistant: → tool get_weather({"city":"Paris"})',
        '  tool result (call_1): 18°C and sunny',
        '  assistant: It is 18°C and sunny in Paris.',
      ].join('\n'),
    )
  })

  test('a Responses-API stream: instructions, input, the output_text deltas joined, usage', async () => {
    const run = await cli('show', await writeCassette(work, 'responses.json', 'responses', [responsesStream]))
    expect(run.code).toBe(0)
    expect(run.out).toContain(
      [
        '#1 POST /v1/responses (model gpt-4.1)',
        '  instructions: Answer in French.',
        '  user: Say hello',
        '  assistant (streamed, 5 events): Bonjour !',
        '  usage: 20 input, 4 output, 24 total tokens',
      ].join('\n'),
    )
  })

  test('an error: its status and the API message; embeddings: vectors and dimensions', async () => {
    const run = await cli('show', await writeCassette(work, 'errors.json', 'errors', [rateLimited, embeddings]))
    expect(run.code).toBe(0)
    expect(run.out).toContain('  user: Hi\n  error 429: Rate limit reached for gpt-4o')
    expect(run.out).toContain('#2 POST /v1/embeddings (model text-embedding-3-small)\n  input: 2 inputs\n  embeddings: 2 vectors × 3 dims')
  })

  test('unknown shapes get a one-line summary, never a crash', async () => {
    const odd = structuredClone(chatJson)
    odd.request.body = 'not an object'
    odd.response.body = { surprise: true, nested: { a: 1 } }
    const stream = structuredClone(chatStream)
    stream.response.body = [42, 'x', { weird: 1 }]
    const run = await cli('show', await writeCassette(work, 'odd.json', 'odd', [odd, stream]))
    expect(run.code).toBe(0)
    expect(run.out).toContain('#1 POST /v1/chat/completions (model gpt-4o-mini)\n  reply: an object with keys nested, surprise')
    expect(run.out).toContain('  reply: a stream of 3 chunks')
  })

  test('a Responses-API JSON reply: input items (a call and its output), output text, usage', async () => {
    const response = interaction(
      '/v1/responses',
      {
        model: 'gpt-4.1',
        input: [
          { role: 'user', content: [{ type: 'input_text', text: 'Weather in Paris?' }] },
          { type: 'function_call', call_id: 'call_7', name: 'get_weather', arguments: '{"city":"Paris"}' },
          { type: 'function_call_output', call_id: 'call_7', output: '18°C' },
        ],
      },
      {
        id: 'resp_2',
        object: 'response',
        output: [{ type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'It is 18°C.' }] }],
        usage: { input_tokens: 30, output_tokens: 5, total_tokens: 35 },
      },
    )
    const run = await cli('show', await writeCassette(work, 'responses-json.json', 'r', [response]))
    expect(run.out).toContain(
      [
        '  user: Weather in Paris?',
        '  assistant: → tool get_weather({"city":"Paris"})',
        '  tool result (call_7): 18°C',
        '  assistant: It is 18°C.',
        '  usage: 30 input, 5 output, 35 total tokens',
      ].join('\n'),
    )
  })

  test('a non-JSON reply: audio by its size and type, text as it is', async () => {
    const speech = structuredClone(embeddings)
    speech.request.endpoint = '/v1/audio/speech'
    speech.response.body = { __type__: 'llm_cassettes.BinaryBody', __data__: { content_type: 'audio/mpeg', base64: Buffer.from('ID3abc').toString('base64') } }
    const plain = structuredClone(speech)
    plain.response.body = { __type__: 'llm_cassettes.TextBody', __data__: { content_type: 'text/plain', text: 'WEBVTT' } }
    const run = await cli('show', await writeCassette(work, 'raw-bodies.json', 'raw', [speech, plain]))
    expect(run.out).toContain('  reply: 6 bytes of audio/mpeg')
    expect(run.out).toContain('  reply (text/plain): WEBVTT')
  })

  test('--json prints the raw interactions array', async () => {
    const interactions = [chatJson, chatStream]
    const run = await cli('show', '--json', await writeCassette(work, 'raw.json', 'raw', interactions))
    expect(run.code).toBe(0)
    expect(JSON.parse(run.out)).toEqual(JSON.parse(JSON.stringify(interactions)))
  })

  test.each([
    ['other.json', '{"name": "not a cassette"}', 'is not a cassette: it has no "interactions"'],
    ['broken.json', '{"version": 1, "interactions": [', 'is not valid JSON'],
    ['wrong.json', '{"version": 2, "test": "t", "interactions": []}', '$.version must be 1 (found 2)'],
  ])('show on %s: an error naming the file, exit 1', async (name, content, problem) => {
    const file = await writeJson(work, name, content)
    const run = await cli('show', file)
    expect(run.code).toBe(1)
    expect(run.out).toBe('')
    expect(run.err).toContain(file)
    expect(run.err).toContain(problem)
  })

  test('show on a missing file: an error naming it, exit 1', async () => {
    const run = await cli('show', join(work, 'nope.json'))
    expect(run.code).toBe(1)
    expect(run.err).toContain(`no cassette ${JSON.stringify(join(work, 'nope.json'))}: no such file`)
  })

  describe('Anthropic conversations', () => {
    const message = (content: unknown[], extra: Record<string, unknown> = {}) => ({
      id: 'msg_1',
      type: 'message',
      role: 'assistant',
      model: 'claude-sonnet-4-5',
      content,
      stop_reason: 'end_turn',
      usage: { input_tokens: 14, output_tokens: 9 },
      ...extra,
    })
    const weather = { role: 'user', content: 'Weather in Paris?' }

    test('a message: system prompt, blocks, thinking, a tool call, its result, usage', async () => {
      const first = anthropicInteraction(
        '/v1/messages',
        { model: 'claude-sonnet-4-5', max_tokens: 64, system: 'Be brief.', messages: [weather] },
        message(
          [
            { type: 'thinking', thinking: 'They want the weather.', signature: 'c2ln' },
            { type: 'text', text: 'Let me check.' },
            { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Paris' } },
          ],
          { stop_reason: 'tool_use' },
        ),
      )
      const second = anthropicInteraction(
        '/v1/messages',
        {
          model: 'claude-sonnet-4-5',
          max_tokens: 64,
          messages: [
            weather,
            { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Paris' } }] },
            { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: '18°C and sunny' }] },
          ],
        },
        message([{ type: 'text', text: 'It is 18°C and sunny.' }]),
      )
      const run = await cli('show', await writeCassette(work, 'claude.json', 'claude', [first, second]))
      expect(run.code).toBe(0)
      expect(run.out).toContain(
        [
          '#1 POST /v1/messages (model claude-sonnet-4-5)',
          '  system: Be brief.',
          '  user: Weather in Paris?',
          '  assistant (thinking): They want the weather.',
          '  assistant: Let me check.',
          '  assistant: → tool get_weather({"city":"Paris"})',
          '  usage: 14 input, 9 output tokens',
        ].join('\n'),
      )
      expect(run.out).toContain(
        ['  assistant: → tool get_weather({"city":"Paris"})', '  tool result (toolu_1): 18°C and sunny', '  assistant: It is 18°C and sunny.'].join('\n'),
      )
    })

    test('a stream: thinking and text deltas joined, a streamed tool call, usage from message_start and message_delta', async () => {
      const events = [
        { type: 'message_start', message: message([], { usage: { input_tokens: 20, output_tokens: 1 } }) },
        { type: 'content_block_start', index: 0, content_block: { type: 'thinking', thinking: '' } },
        { type: 'content_block_delta', index: 0, delta: { type: 'thinking_delta', thinking: 'Short ' } },
        { type: 'content_block_delta', index: 0, delta: { type: 'thinking_delta', thinking: 'answer.' } },
        { type: 'content_block_delta', index: 0, delta: { type: 'signature_delta', signature: 'c2ln' } },
        { type: 'content_block_stop', index: 0 },
        { type: 'content_block_start', index: 1, content_block: { type: 'text', text: '' } },
        { type: 'content_block_delta', index: 1, delta: { type: 'text_delta', text: 'Hello' } },
        { type: 'content_block_delta', index: 1, delta: { type: 'text_delta', text: ' there' } },
        { type: 'content_block_stop', index: 1 },
        { type: 'content_block_start', index: 2, content_block: { type: 'tool_use', id: 'toolu_2', name: 'get_weather', input: {} } },
        { type: 'content_block_delta', index: 2, delta: { type: 'input_json_delta', partial_json: '{"city":' } },
        { type: 'content_block_delta', index: 2, delta: { type: 'input_json_delta', partial_json: '"Oslo"}' } },
        { type: 'content_block_stop', index: 2 },
        { type: 'message_delta', delta: { stop_reason: 'tool_use' }, usage: { output_tokens: 12 } },
        { type: 'message_stop' },
      ]
      const stream = anthropicInteraction(
        '/v1/messages',
        { model: 'claude-sonnet-4-5', max_tokens: 64, stream: true, messages: [{ role: 'user', content: 'Hi' }] },
        events,
        {
          stream: true,
        },
      )
      const run = await cli('show', await writeCassette(work, 'claude-stream.json', 'claude stream', [stream]))
      expect(run.code).toBe(0)
      expect(run.out).toContain(
        [
          '  user: Hi',
          '  assistant (thinking): Short answer.',
          '  assistant (streamed, 16 events): Hello there',
          '  assistant: → tool get_weather({"city":"Oslo"})',
          '  usage: 20 input, 12 output tokens',
        ].join('\n'),
      )
    })

    test('an error event mid-stream, an API error, countTokens, a models page, a batch and its JSONL results', async () => {
      const failing = anthropicInteraction(
        '/v1/messages',
        { model: 'claude-sonnet-4-5', max_tokens: 64, stream: true, messages: [{ role: 'user', content: 'Go' }] },
        [
          { type: 'message_start', message: message([]) },
          { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
          { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Par' } },
          { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } },
        ],
        { stream: true },
      )
      const overloaded = anthropicInteraction(
        '/v1/messages',
        { model: 'claude-sonnet-4-5', max_tokens: 64, messages: [{ role: 'user', content: 'Again' }] },
        null,
      )
      const body = { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }
      overloaded.response = {
        body: null,
        is_streaming: false,
        is_exception: true,
        status: 529,
        exception_data: anthropicFormat.encodeError(529, JSON.stringify(body), body),
      }
      const count = anthropicInteraction(
        '/v1/messages/count_tokens',
        { model: 'claude-sonnet-4-5', messages: [{ role: 'user', content: 'Count' }] },
        { input_tokens: 7 },
      )
      const models = anthropicInteraction(
        '/v1/models',
        {},
        {
          data: [
            { type: 'model', id: 'a' },
            { type: 'model', id: 'b' },
          ],
          has_more: true,
          first_id: 'a',
          last_id: 'b',
        },
      )
      const batch = anthropicInteraction(
        '/v1/messages/batches',
        { requests: [{ custom_id: 'one', params: { model: 'claude-sonnet-4-5', max_tokens: 8, messages: [{ role: 'user', content: 'First' }] } }] },
        { id: 'msgbatch_1', type: 'message_batch', processing_status: 'in_progress', request_counts: { processing: 1, succeeded: 0 } },
      )
      const results = anthropicInteraction('/v1/messages/batches/msgbatch_1/results', {}, null)
      const line = { custom_id: 'one', result: { type: 'succeeded', message: message([{ type: 'text', text: 'Done' }]) } }
      results.request.method = 'GET'
      results.response.body = encodeJsonLines(anthropicFormat, results.request.endpoint, 'application/binary', Buffer.from(`${JSON.stringify(line)}\n`))
      const run = await cli('show', await writeCassette(work, 'claude-misc.json', 'misc', [failing, overloaded, count, models, batch, results]))
      expect(run.code).toBe(0)
      expect(run.out).toContain('  assistant (streamed, 4 events): Par\n  error in stream: Overloaded')
      expect(run.out).toContain('  user: Again\n  error 529: Overloaded')
      expect(run.out).toContain('#3 POST /v1/messages/count_tokens (model claude-sonnet-4-5)\n  user: Count\n  count: 7 input tokens')
      expect(run.out).toContain('#4 POST /v1/models\n  reply: a page of 2 models (more after it)')
      expect(run.out).toContain('  request one:\n    user: First\n  message batch msgbatch_1: in_progress (1 processing)')
      expect(run.out).toContain('#6 GET /v1/messages/batches/msgbatch_1/results\n  reply: 1 JSON lines\n    result one: succeeded — assistant: Done')
    })
  })
})
