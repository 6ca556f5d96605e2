import { deflateSync } from 'node:zlib'
import { CREATED, badRequest, countWords, sendJson, sha256, stringField } from './shared.js'
import type { Call, Json, Upload } from './types.js'

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
  return c >>> 0
})

function crc32(bytes: Buffer): number {
  let crc = 0xffffffff
  for (const byte of bytes) crc = (CRC_TABLE[(crc ^ byte) & 0xff] ?? 0) ^ (crc >>> 8)
  return (crc ^ 0xffffffff) >>> 0
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4)
  length.writeUInt32BE(data.length)
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(body))
  return Buffer.concat([length, body, crc])
}

/** A valid 1×1 RGB PNG whose colour is the first three bytes of sha256(seed). */
export function tinyPng(seed: string): Buffer {
  const header = Buffer.alloc(13)
  header.writeUInt32BE(1, 0)
  header.writeUInt32BE(1, 4)
  header.set([8, 2, 0, 0, 0], 8)
  const pixel = Buffer.concat([Buffer.from([0]), Buffer.from(sha256(seed).slice(0, 6), 'hex')])
  const chunks = [pngChunk('IHDR', header), pngChunk('IDAT', deflateSync(pixel)), pngChunk('IEND', Buffer.alloc(0))]
  return Buffer.concat([PNG_SIGNATURE, ...chunks])
}

function imageCount(body: Json): number {
  const n = Number(body.n ?? 1)
  return Number.isInteger(n) && n >= 1 && n <= 10 ? n : 1
}

function imagesResponse(call: Call, revisedPrompt: string): Json {
  const asUrl = call.body.response_format === 'url'
  const data = Array.from({ length: imageCount(call.body) }, (_, index) => {
    const seed = `${call.hash}:${index}`
    const image = asUrl ? { url: `https://images.openai-server.test/img-${sha256(seed).slice(0, 24)}.png` } : { b64_json: tinyPng(seed).toString('base64') }
    return { ...image, revised_prompt: revisedPrompt }
  })
  if (!call.model.startsWith('gpt-image')) return { created: CREATED, data }
  const textTokens = countWords(revisedPrompt)
  const usage = {
    input_tokens: textTokens,
    input_tokens_details: { image_tokens: 0, text_tokens: textTokens },
    output_tokens: data.length,
    total_tokens: textTokens + data.length,
  }
  return { created: CREATED, data, usage }
}

export function handleImageGeneration(call: Call): void {
  const prompt = stringField(call.body, 'prompt', '')
  if (prompt === '') return sendJson(call.res, badRequest("Missing required parameter: 'prompt'.", 'prompt'))
  sendJson(call.res, { status: 200, body: imagesResponse(call, `Generated: ${prompt}`) })
}

const imagesOf = (call: Call): Upload[] => [...(call.uploads.image ?? []), ...(call.uploads['image[]'] ?? [])]

export function handleImageEdit(call: Call): void {
  const prompt = stringField(call.body, 'prompt', '')
  const images = imagesOf(call)
  if (images.length === 0) return sendJson(call.res, badRequest("Missing required parameter: 'image'.", 'image'))
  if (prompt === '') return sendJson(call.res, badRequest("Missing required parameter: 'prompt'.", 'prompt'))
  const digests = images.map((image) => image.sha256.slice(0, 8)).join(',')
  sendJson(call.res, { status: 200, body: imagesResponse(call, `Edited ${digests}: ${prompt}`) })
}
