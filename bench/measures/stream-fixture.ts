import { join } from 'node:path'
import { cassetteOf, chatChunks, chatInteraction, writeCassette } from '../support/chat-cassette.js'

export const STREAM_CHUNKS = 1_000
export const STREAM_PROMPT = 'Write a long answer'

/** A cassette on disk holding one streamed chat completion of {@link STREAM_CHUNKS} chunks. */
export async function writeStreamCassette(dir: string): Promise<{ path: string; chunks: Record<string, unknown>[] }> {
  const chunks = chatChunks(STREAM_CHUNKS)
  const path = join(dir, 'cassettes', 'stream.json')
  await writeCassette(path, cassetteOf('bench > stream', [chatInteraction(STREAM_PROMPT, chunks)]))
  return { path, chunks }
}
