import { countWords, isRecord, records } from './shared.js'
import type { Json } from './types.js'

export type Plan = { kind: 'text'; text: string } | { kind: 'tool'; name: string } | { kind: 'refusal'; text: string }
export type Turn = { plan: Plan; promptTokens: number }

export const WEATHER_ARGS = '{"city":"Paris"}'
export const REFUSAL = "I can't help with that."

export function firstFunctionTool(tools: unknown, nameOf: (tool: Json) => unknown): string | null {
  const name = records(tools)
    .filter((tool) => tool.type === 'function')
    .map(nameOf)
    .find((candidate) => typeof candidate === 'string')
  return typeof name === 'string' ? name : null
}

export function choosePlan(toolResult: string | null, userText: string, toolName: string | null, jsonSchema: boolean): Plan {
  if (toolResult === null && toolName !== null && /\bweather\b/i.test(userText)) return { kind: 'tool', name: toolName }
  const text = toolResult === null ? `Echo: ${userText}` : `Tool said: ${toolResult}`
  return { kind: 'text', text: jsonSchema ? JSON.stringify({ answer: text }) : text }
}

/** The text a plan streams: the answer, the refusal or the tool call's arguments. */
export const planText = (plan: Plan): string => (plan.kind === 'tool' ? WEATHER_ARGS : plan.text)
export const planTokens = (plan: Plan): number => countWords(planText(plan))
/** Structured output: a JSON schema, or JSON mode (`json_object`, what OpenAI-compatible clients ask for). */
export const isJsonSchema = (format: unknown): boolean => isRecord(format) && (format.type === 'json_schema' || format.type === 'json_object')
