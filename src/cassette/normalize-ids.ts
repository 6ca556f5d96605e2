import type { Interaction } from './types.js'
import { isObject } from '../util/is-object.js'
import { llamaStackRequestHash } from './request-hash.js'

function normalized(value: unknown, id: string): unknown {
  const typed = isObject(value) && typeof value['__type__'] === 'string' && '__data__' in value
  const data = typed ? (value as { __data__: unknown }).__data__ : value
  if (!isObject(data)) return value
  const next = { ...data }
  if (typeof next['id'] === 'string') next['id'] = id
  if (typeof next['created'] === 'number') next['created'] = 0
  return typed ? { ...(value as object), __data__: next } : next
}

/**
 * As llama-stack's newer recorder does, so that re-recording leaves quiet diffs: the response's `id` (every
 * chunk's, for a stream) becomes `rec-<first 12 hex digits of the request hash>` and `created` becomes 0.
 * Model lists are left alone: a model's id is its name.
 */
export function normalizeIds(interaction: Interaction): Interaction {
  const { request, response } = interaction
  if (request.endpoint.startsWith('/v1/models') || response.is_exception) return interaction
  const id = `rec-${llamaStackRequestHash(request).slice(0, 12)}`
  const body = Array.isArray(response.body) ? response.body.map((chunk) => normalized(chunk, id)) : normalized(response.body, id)
  return { ...interaction, response: { ...response, body } }
}
