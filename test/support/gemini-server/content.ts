import { createHash } from 'node:crypto'

export type Json = Record<string, unknown>

export const isRecord = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value)
export const records = (value: unknown): Json[] => (Array.isArray(value) ? value.filter(isRecord) : [])
export const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex')
export const countWords = (text: string): number => text.split(/\s+/).filter(Boolean).length

/** The text of a content's parts. */
export const partsText = (content: Json | undefined): string =>
  records(content?.parts)
    .flatMap((part) => (typeof part.text === 'string' ? [part.text] : []))
    .join(' ')

export const WEATHER_ARGS = { city: 'Paris' }

export type Plan = { kind: 'text'; text: string } | { kind: 'tool'; name: string }

/** A function declaration's name, whichever SDK sent it (`parameters` or `parametersJsonSchema`). */
function firstDeclaration(body: Json): string | undefined {
  const names = records(body.tools).flatMap((tool) => records(tool.functionDeclarations).map((declaration) => declaration.name))
  const name = names.find((candidate) => typeof candidate === 'string')
  return typeof name === 'string' ? name : undefined
}

/**
 * The same deterministic assistant as the OpenAI server: with a function and a question about the weather it
 * calls the function; given its response, it repeats it; otherwise it echoes the last user text, as JSON
 * `{"answer": …}` when asked for JSON (`responseMimeType: application/json`).
 */
export function planContent(body: Json): { plan: Plan; promptTokens: number } {
  const contents = records(body.contents)
  const last = contents.at(-1)
  const functionResponse = records(last?.parts).find((part) => isRecord(part.functionResponse))?.functionResponse
  const userText = partsText([...contents].reverse().find((content) => content.role !== 'model' && partsText(content) !== ''))
  const promptTokens = contents.reduce((sum, content) => sum + countWords(partsText(content)), 0) + 1
  const tool = firstDeclaration(body)
  if (!functionResponse && tool && /\bweather\b/i.test(userText)) return { plan: { kind: 'tool', name: tool }, promptTokens }
  const answer = isRecord(functionResponse) ? `Tool said: ${JSON.stringify(functionResponse.response)}` : `Echo: ${userText}`
  const config = isRecord(body.generationConfig) ? body.generationConfig : {}
  const text = config.responseMimeType === 'application/json' ? JSON.stringify({ answer }) : answer
  return { plan: { kind: 'text', text }, promptTokens }
}
