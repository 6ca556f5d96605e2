import { createHash } from 'node:crypto'
import { asText, countWords, sendJson } from './shared.js'
import type { Call } from './types.js'

function embeddingVector(input: string): number[] {
  const digest = createHash('sha256').update(input).digest()
  return Array.from({ length: 8 }, (_, i) => (digest.readUInt16LE(i * 2) - 32768) / 32768)
}

function float32Base64(vector: number[]): string {
  const bytes = Buffer.alloc(vector.length * 4)
  vector.forEach((value, i) => bytes.writeFloatLE(value, i * 4))
  return bytes.toString('base64')
}

export function handleEmbeddings(call: Call): void {
  const { input } = call.body
  const inputs = Array.isArray(input) ? input.map(asText) : [asText(input ?? '')]
  const base64 = call.body.encoding_format === 'base64'
  const data = inputs.map((text, index) => {
    const vector = embeddingVector(text)
    return { object: 'embedding', index, embedding: base64 ? float32Base64(vector) : vector }
  })
  const tokens = inputs.reduce((sum, text) => sum + countWords(text), 0)
  const body = { object: 'list', data, model: call.model, usage: { prompt_tokens: tokens, total_tokens: tokens } }
  sendJson(call.res, { status: 200, body })
}
