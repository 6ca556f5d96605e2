import { isObject } from './values.js'

const FIELDS: [key: string, label: string][] = [
  ['prompt_tokens', 'prompt'],
  ['input_tokens', 'input'],
  ['completion_tokens', 'completion'],
  ['output_tokens', 'output'],
  ['total_tokens', 'total'],
]

/** `usage: 12 prompt, 5 completion, 17 total tokens` for chat, Responses or embeddings usage; undefined without one. */
export function usageLine(usage: unknown): string | undefined {
  if (!isObject(usage)) return undefined
  const parts = FIELDS.filter(([key]) => typeof usage[key] === 'number').map(([key, label]) => `${usage[key] as number} ${label}`)
  return parts.length === 0 ? undefined : `usage: ${parts.join(', ')} tokens`
}
