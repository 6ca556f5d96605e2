import { readFileSync } from 'node:fs'
import { createHash, randomBytes, randomUUID } from 'node:crypto'
import { describe, expect, test } from 'vitest'
import { CassetteSecretError } from '../../src/errors.js'
import { encodeChunk } from '../../src/providers/openai/python-types.js'
import { anthropicFormat } from '../../src/providers/anthropic/format.js'
import { assertNoSecrets, findKeyShapedSecret } from '../../src/safety/secret-guard.js'
import { jsonFilesUnder, RECORDING_SETS } from '../llama-stack/corpus.js'

const CLIENT_KEY = 'sk-proj-Cl1entK3y0123456789abcdefXYZ'
const GITHUB = `ghp_${'aB3dE5fG7hJ9kL2mN4pQ6rS8tU1vW0xYz123'}`

/** `text` cut into pieces of `size` characters, as a server streams it. */
const split = (text: string, size = 3) => Array.from({ length: Math.ceil(text.length / size) }, (_, i) => text.slice(i * size, i * size + size))

const stream = (endpoint: string, chunks: unknown[]) => ({
  version: 1,
  test: 't',
  interactions: [{ request: { method: 'POST', endpoint, body: {}, headers: {}, url: '', model: '' }, response: { is_streaming: true, body: chunks } }],
})

const chat = (delta: Record<string, unknown>, index = 0) =>
  encodeChunk('/v1/chat/completions', {
    id: 'chatcmpl-1',
    object: 'chat.completion.chunk',
    obfuscation: randomBytes(6).toString('base64url'),
    choices: [{ index, delta }],
  })
const responses = (event: Record<string, unknown>) => encodeChunk('/v1/responses', event)
const anthropic = (event: Record<string, unknown>) =>
  anthropicFormat.encodeEvent('/v1/messages', { event: String(event['type']), data: JSON.stringify(event) }, '')!.chunk

/** A stream carrying `secret` in pieces, in each format whose deltas can split it, and the joined path reported. */
function streamsOf(secret: string): [name: string, cassette: unknown, path: string][] {
  const pieces = split(secret)
  const last = pieces.length
  return [
    [
      'chat content deltas',
      stream(
        '/v1/chat/completions',
        pieces.map((piece) => chat({ content: piece })),
      ),
      `$.interactions[0].response.body[*].__data__.choices[0].delta.content (joined across chunks 0–${last - 1})`,
    ],
    [
      'tool-call argument deltas, two calls interleaved',
      stream(
        '/v1/chat/completions',
        pieces.flatMap((piece) => [
          chat({ tool_calls: [{ index: 0, function: { arguments: 'x' } }] }),
          chat({ tool_calls: [{ index: 1, function: { arguments: piece } }] }),
        ]),
      ),
      `$.interactions[0].response.body[*].__data__.choices[0].delta.tool_calls[1].function.arguments (joined across chunks 1–${2 * last - 1})`,
    ],
    [
      'Responses-API output_text deltas',
      stream(
        '/v1/responses',
        pieces.map((delta, i) =>
          responses({ type: 'response.output_text.delta', sequence_number: i, item_id: 'msg_1', output_index: 0, content_index: 0, delta }),
        ),
      ),
      `$.interactions[0].response.body[*].__data__.delta (joined across chunks 0–${last - 1}, type "response.output_text.delta", item_id "msg_1", output_index 0, content_index 0)`,
    ],
    [
      'Responses-API function_call_arguments deltas',
      stream(
        '/v1/responses',
        pieces.map((delta, i) => responses({ type: 'response.function_call_arguments.delta', sequence_number: i, item_id: 'fc_1', output_index: 1, delta })),
      ),
      `$.interactions[0].response.body[*].__data__.delta (joined across chunks 0–${last - 1}, type "response.function_call_arguments.delta", item_id "fc_1", output_index 1)`,
    ],
    [
      'Anthropic text_delta',
      stream(
        '/v1/messages',
        pieces.map((text) => anthropic({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text } })),
      ),
      `$.interactions[0].response.body[*].__data__.delta.text (joined across chunks 0–${last - 1}, type "content_block_delta", index 0)`,
    ],
    [
      'Anthropic input_json_delta',
      stream(
        '/v1/messages',
        pieces.map((partial_json) => anthropic({ type: 'content_block_delta', index: 2, delta: { type: 'input_json_delta', partial_json } })),
      ),
      `$.interactions[0].response.body[*].__data__.delta.partial_json (joined across chunks 0–${last - 1}, type "content_block_delta", index 2)`,
    ],
  ]
}

function refusal(cassette: unknown, keys: string[]): CassetteSecretError {
  try {
    assertNoSecrets(JSON.stringify(cassette), cassette, { keys }, 'cassettes/t.json')
  } catch (error) {
    if (error instanceof CassetteSecretError) return error
    throw error
  }
  throw new Error('the write was not refused')
}

describe('a key streamed a few characters per chunk is in no chunk, but in the joined text: refused', () => {
  test.each(streamsOf(CLIENT_KEY))("the client's key over %s", (_, cassette, path) => {
    const error = refusal(cassette, [CLIENT_KEY])
    expect(error.jsonPath).toBe(path)
    expect(error.message).toContain(`the client's API key appears at ${path}`)
  })

  test.each(streamsOf(GITHUB))('a GitHub token over %s (and `verify` reports it)', (_, cassette, path) => {
    expect(refusal(cassette, []).jsonPath).toBe(path)
    expect(findKeyShapedSecret(cassette)).toEqual({ jsonPath: path, description: 'a credential (secretlint: github, GITHUB_TOKEN)' })
  })
})

describe('no false positives', () => {
  test('20,000 ids the APIs hand out, as values and as streams of them, with random obfuscation', () => {
    const hex = (bytes: number) => randomBytes(bytes).toString('hex')
    const ids: string[] = []
    for (let i = 0; i < 2000; i++) {
      ids.push(
        `chatcmpl-${randomBytes(22).toString('base64url').replace(/[-_]/g, 'x')}`,
        `req_${hex(16)}`,
        `resp_${hex(24)}`,
        `msg_${hex(24)}`,
        `msg_01${randomBytes(18).toString('base64url').replace(/[-_]/g, 'x')}`,
        `toolu_01${randomBytes(18).toString('base64url').replace(/[-_]/g, 'x')}`,
        `call_${randomBytes(18).toString('base64url')}`,
        randomUUID(),
        createHash('sha256').update(String(i)).digest('hex'),
        hex(16),
      )
    }
    const chunks = ids.slice(0, 3000).map((id) => chat({ content: id.slice(0, 4) }))
    const cassette = {
      ...stream('/v1/chat/completions', chunks),
      ids,
      embedding: Buffer.from(new Float32Array(1536).map(() => Math.random() * 2 - 1).buffer).toString('base64'),
    }
    const hit = findKeyShapedSecret(cassette)
    console.log(`full guard over ${ids.length} ids, a 3,000-chunk stream of them and a base64 embedding: ${hit ? 1 : 0} false positives`)
    expect(hit).toBeUndefined()
  })

  for (const { label, root } of RECORDING_SETS) {
    test.skipIf(root === undefined)(`llama-stack's reference recordings hold no credential: ${label}`, () => {
      const files = jsonFilesUnder(root)
      const hits = files.flatMap((file) => {
        const hit = findKeyShapedSecret({ interactions: [JSON.parse(readFileSync(file, 'utf8'))] })
        return hit ? [`${file}: ${hit.description} at ${hit.jsonPath}`] : []
      })
      console.log(`${files.length} recordings scanned (joined streams included), ${hits.length} hits`)
      expect(files.length).toBeGreaterThan(0)
      expect(hits).toEqual([])
    })
  }
})
