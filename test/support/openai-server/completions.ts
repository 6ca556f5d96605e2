import { CREATED, DONE_FRAME, FINGERPRINT, asText, countWords, dataFrame, includeUsage, sendFrames, sendJson, splitWords } from './shared.js'
import type { Call, Json } from './types.js'

export async function handleCompletions(call: Call): Promise<void> {
  const { prompt } = call.body
  const prompts = Array.isArray(prompt) ? prompt.map(asText) : [typeof prompt === 'string' ? prompt : '']
  const texts = prompts.map((text) => `Echo: ${text}`)
  const promptTokens = prompts.reduce((sum, text) => sum + countWords(text), 0)
  const completionTokens = texts.reduce((sum, text) => sum + countWords(text), 0)
  const totalTokens = promptTokens + completionTokens
  const usage = { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: totalTokens }
  const base = { id: `cmpl-${call.hash.slice(0, 12)}`, object: 'text_completion', created: CREATED, model: call.model }
  const choice = (text: string, index: number, finish_reason: string | null): Json => {
    return { text, index, logprobs: null, finish_reason }
  }
  if (call.body.stream !== true) {
    const choices = texts.map((text, index) => choice(text, index, 'stop'))
    return sendJson(call.res, { status: 200, body: { ...base, choices, usage, system_fingerprint: FINGERPRINT } })
  }
  const withUsage = includeUsage(call.body)
  const chunk = (choices: Json[], chunkUsage?: Json): Json => ({
    ...base,
    choices,
    system_fingerprint: FINGERPRINT,
    ...(withUsage ? { usage: chunkUsage ?? null } : {}),
  })
  const chunks = texts.flatMap((text, index) => [...splitWords(text).map((word) => chunk([choice(word, index, null)])), chunk([choice('', index, 'stop')])])
  if (withUsage) chunks.push(chunk([], usage))
  await sendFrames(call, [...chunks.map(dataFrame), DONE_FRAME])
}
