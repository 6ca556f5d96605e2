import type { Interaction } from '../cassette/types.js'

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value)

/** A stored value's data: the `__data__` of a typed value, or the value itself when stored as plain JSON. */
function dataOf(value: unknown): unknown {
  return isRecord(value) && '__data__' in value ? value.__data__ : value
}

/** `usage.total_tokens` of one response object; Responses stream events carry it on `response.usage`. */
function totalTokensOf(value: unknown): number | undefined {
  const data = dataOf(value)
  if (!isRecord(data)) return undefined
  const usage = isRecord(data.usage) ? data.usage : isRecord(data.response) && isRecord(data.response.usage) ? data.response.usage : undefined
  return typeof usage?.total_tokens === 'number' ? usage.total_tokens : undefined
}

/** Tokens a recorded call spent: its `usage.total_tokens`, for a stream the last chunk that carries usage; 0 if none. */
export function tokensOf(interaction: Interaction): number {
  const { body } = interaction.response
  if (!Array.isArray(body)) return totalTokensOf(body) ?? 0
  for (let i = body.length - 1; i >= 0; i--) {
    const tokens = totalTokensOf(body[i])
    if (tokens !== undefined) return tokens
  }
  return 0
}
