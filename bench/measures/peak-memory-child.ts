/**
 * Run by peak-memory.ts in a fresh process: `node --expose-gc --import tsx peak-memory-child.ts <recording> <dir>`.
 * Replays one llama-stack recording through a wrapped client and prints, as one JSON line, the live memory
 * (V8 heap used + external + array buffers, right after a forced GC) and RSS: once before the call, then the
 * peak over these points: the end of every `JSON.parse` (its text and its result both still alive, which is
 * where loading a cassette peaks), the call resolving, every 100th chunk read and the end.
 */
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Interaction } from '../../src/cassette/types.js'
import { cassetteOf, chatChunks, chatInteraction, chatRequest, writeCassette } from '../support/chat-cassette.js'
import { drain, wrappedClient } from '../support/clients.js'
import { inSession } from '../support/replay-session.js'
import { collectGarbage } from '../support/stats.js'

const [recordingPath, dir] = process.argv.slice(2)
if (!recordingPath || !dir) throw new Error('usage: peak-memory-child.ts <recording.json> <work dir>')

const client = wrappedClient()

// Warm-up on a small synthetic stream, so code loading and JIT are not counted.
const warmPath = join(dir, 'warm.json')
await writeCassette(warmPath, cassetteOf('bench > warm', [chatInteraction('warm', chatChunks(20))]))
await inSession(warmPath, 'replay', async () => drain(await client.chat.completions.create(chatRequest('warm'))))

// The cassette is the recording itself, as the only interaction (llama-stack shape), written compactly.
const recording = JSON.parse(await readFile(recordingPath, 'utf8')) as Interaction
const cassettePath = join(dir, 'corpus.json')
await writeFile(cassettePath, JSON.stringify(cassetteOf('bench > corpus', [{ request: recording.request, response: recording.response }])))
const { endpoint, body } = recording.request
const streaming = recording.response.is_streaming

/** A forced GC per chunk would take minutes on 2 cores; chunks are handed over, not copied, so memory is flat there. */
const SAMPLE_EVERY = 100

const used = () => {
  collectGarbage()
  const { rss, heapUsed, external, arrayBuffers } = process.memoryUsage()
  return { rss, heap: heapUsed + external + arrayBuffers }
}
const before = used()
let peak = { ...before }
const sample = () => {
  const now = used()
  peak = { rss: Math.max(peak.rss, now.rss), heap: Math.max(peak.heap, now.heap) }
}
const parse = JSON.parse
JSON.parse = (text: string, reviver?: Parameters<typeof JSON.parse>[1]): unknown => {
  const value: unknown = parse(text, reviver)
  sample()
  return value
}

const chunks = await inSession(cassettePath, 'replay', async () => {
  const result = await client.post(endpoint.replace(/^\/v1/, ''), { body, stream: streaming })
  sample()
  if (!streaming) return 0
  let count = 0
  for await (const _chunk of result as AsyncIterable<unknown>) {
    count += 1
    if (count % SAMPLE_EVERY === 0) sample()
  }
  return count
})
sample()
JSON.parse = parse
process.stdout.write(`${JSON.stringify({ before, peak, chunks, streaming })}\n`)
