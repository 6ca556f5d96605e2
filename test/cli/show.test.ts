import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { chatJson, chatStream, cli, embeddings, interaction, rateLimited, responsesStream, toolConversation, writeCassette, writeJson } from './helpers.js'

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
})
