/**
 * Run by big-cassette.ts in a fresh process: `node --expose-gc --import tsx big-cassette-child.ts <cassette> <chunks>`.
 * Replays the streamed chat cassette big-cassette.ts wrote (`<chunks>` chunks answering `chatRequest('big')`)
 * through a wrapped client, reading every chunk, and prints as one JSON line the file's size and how far the
 * process's peak resident memory (VmHWM: everything the process holds, garbage not yet collected included) rose
 * above its resident memory right before the call.
 */
import { readFileSync, statSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { cassetteOf, chatChunks, chatInteraction, chatRequest, writeCassette } from '../support/chat-cassette.js'
import { drain, wrappedClient } from '../support/clients.js'
import { inSession } from '../support/replay-session.js'
import { collectGarbage } from '../support/stats.js'

const [cassettePath, chunkCount] = process.argv.slice(2)
if (!cassettePath || !chunkCount) throw new Error('usage: big-cassette-child.ts <cassette> <chunks>')

// Warm-up on a small synthetic stream, so code loading and JIT are not counted.
const client = wrappedClient()
const warmPath = join(dirname(cassettePath), 'warm.json')
await writeCassette(warmPath, cassetteOf('bench > warm', [chatInteraction('warm', chatChunks(20))]))
await inSession(warmPath, 'replay', async () => drain(await client.chat.completions.create(chatRequest('warm'))))

const peakRss = () => Number(/VmHWM:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? Number.NaN) * 1024
collectGarbage()
const before = process.memoryUsage().rss
const chunks = await inSession(cassettePath, 'replay', async () => drain(await client.chat.completions.create(chatRequest('big'))))
if (chunks !== Number(chunkCount)) throw new Error(`the replay yielded ${chunks} chunks, expected ${chunkCount}`)
process.stdout.write(`${JSON.stringify({ size: statSync(cassettePath).size, chunks, rss: peakRss() - before })}\n`)
