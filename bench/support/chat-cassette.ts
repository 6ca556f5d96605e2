import { mkdir, writeFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import { encodeChunk } from '../../src/providers/openai/python-types.js'
import { serializeCassette } from '../../src/cassette/serialize.js'
import type { Cassette, Interaction } from '../../src/cassette/types.js'

export const BENCH_MODEL = 'gpt-4o-mini'
const ENDPOINT = '/v1/chat/completions'

/** The streamed chat request every synthetic cassette answers. */
export function chatRequest(content: string) {
  return { model: BENCH_MODEL, messages: [{ role: 'user' as const, content }], stream: true as const }
}

/** `count` chunks shaped like the API's: a role chunk, word deltas, a final chunk with `finish_reason`. */
export function chatChunks(count: number, id = 'chatcmpl-bench'): Record<string, unknown>[] {
  const chunk = (delta: Record<string, unknown>, finish: string | null) => ({
    id,
    object: 'chat.completion.chunk',
    created: 1700000000,
    model: BENCH_MODEL,
    service_tier: 'default',
    system_fingerprint: 'fp_bench',
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
  })
  return Array.from({ length: count }, (_, i) => {
    if (i === 0) return chunk({ role: 'assistant', content: '', refusal: null }, null)
    if (i === count - 1) return chunk({}, 'stop')
    return chunk({ content: ` word${i}` }, null)
  })
}

export function chatInteraction(content: string, chunks: readonly unknown[]): Interaction {
  const body = chatRequest(content)
  return {
    request: { method: 'POST', url: `https://api.openai.com${ENDPOINT}`, headers: {}, body, endpoint: ENDPOINT, model: BENCH_MODEL },
    response: { body: chunks.map((chunk) => encodeChunk(ENDPOINT, chunk)), is_streaming: true, headers: { 'x-request-id': 'req_bench' } },
  }
}

export function cassetteOf(test: string, interactions: Interaction[]): Cassette {
  return { version: 1, test, interactions }
}

/** The text of a cassette as the store writes it (sorted keys, 2-space indent). */
export async function writeCassette(path: string, cassette: Cassette): Promise<void> {
  await mkdir(dirname(path), { recursive: true })
  await writeFile(path, serializeCassette(cassette))
}

/** The server-sent events a live API sends for these chunks: what an HTTP-layer recorder stores. */
export function sseText(chunks: readonly unknown[]): string {
  return `${chunks.map((chunk) => `data: ${JSON.stringify(chunk)}\n\n`).join('')}data: [DONE]\n\n`
}
