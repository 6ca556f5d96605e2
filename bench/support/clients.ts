import OpenAI from 'openai'
import { wrapOpenAI } from '../../src/index.js'

export const BENCH_API_KEY = 'sk-bench-0123456789abcdef'
/** Nothing listens here: a replay that went to the network would fail. */
export const DEAD_BASE_URL = 'http://127.0.0.1:9/v1'

export function plainClient(baseURL = DEAD_BASE_URL, fetch?: OpenAI['fetch']): OpenAI {
  return new OpenAI({ apiKey: BENCH_API_KEY, baseURL, maxRetries: 0, ...(fetch ? { fetch } : {}) })
}

export function wrappedClient(baseURL = DEAD_BASE_URL): OpenAI {
  return wrapOpenAI(plainClient(baseURL))
}

/** Reads a stream to its end; returns how many chunks arrived, so a short replay cannot pass unnoticed. */
export async function drain(stream: AsyncIterable<unknown>): Promise<number> {
  let count = 0
  for await (const _chunk of stream) count += 1
  return count
}

export function expectCount(what: string, actual: number, expected: number): void {
  if (actual !== expected) throw new Error(`${what} yielded ${actual} chunks, expected ${expected}`)
}
