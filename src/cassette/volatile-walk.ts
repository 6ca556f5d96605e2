import { isObject } from '../util/is-object.js'
import { isTypedValue } from './typed-value.js'
import type { VolatileFields } from './wire-format.js'

/** One volatile field met by a walk: what kind of value it is, its key, its value, and whether it sits at the top of a body or chunk. */
export interface VolatileSite {
  kind: 'id' | 'time' | 'constant'
  key: string
  value: string | number
  /** True for a key of the body (or chunk) itself, not of an object inside it. */
  root: boolean
}

/** llama-stack's rule, when a format names no fields: the response's `id` and `created`. */
export const LLAMA_STACK_FIELDS: VolatileFields = { idKeys: ['id'], timeKeys: ['created'] }

function zeroNumbers(value: unknown): unknown {
  if (typeof value === 'number') return 0
  if (Array.isArray(value)) return value.map(zeroNumbers)
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, zeroNumbers(inner)]))
  return value
}

function siteOf(fields: VolatileFields, key: string, value: unknown, root: boolean): VolatileSite | undefined {
  if (typeof value === 'string' && fields.idKeys.includes(key)) return { kind: 'id', key, value, root }
  if ((typeof value === 'number' || typeof value === 'string') && fields.timeKeys.includes(key)) return { kind: 'time', key, value, root }
  if (typeof value === 'string' && fields.constantKeys?.[key] !== undefined) return { kind: 'constant', key, value, root }
  return undefined
}

/**
 * A copy of a stored value (one body or one stream chunk, `{ __type__, __data__ }` or plain JSON) in which each
 * volatile field's value is `rewrite(site)` and each measurement object has its numbers zeroed (when
 * `measurements`). Fields are visited in a fixed order (document order), so a rewrite that names ids in the
 * order it meets them names them the same way every time.
 */
export function rewriteVolatile(
  stored: unknown,
  fields: VolatileFields,
  rewrite: (site: VolatileSite) => unknown,
  { measurements = true }: { measurements?: boolean } = {},
): unknown {
  const visit = (value: unknown, root: boolean): unknown => {
    if (Array.isArray(value)) return value.map((item) => visit(item, false))
    if (!isObject(value)) return value
    if (isTypedValue(value)) return { ...value, __data__: visit(value.__data__, root) }
    const copy: Record<string, unknown> = {}
    for (const [key, inner] of Object.entries(value)) {
      const site = siteOf(fields, key, inner, root)
      if (site) copy[key] = rewrite(site)
      else if (measurements && fields.measurementKeys?.includes(key) && isObject(inner)) copy[key] = zeroNumbers(inner)
      else copy[key] = visit(inner, false)
    }
    return copy
  }
  return visit(stored, true)
}

/** The ids (`fields.idKeys`) in a stored value, in document order. */
export function idsIn(stored: unknown, fields: VolatileFields): string[] {
  const ids: string[] = []
  rewriteVolatile(
    stored,
    fields,
    (site) => {
      if (site.kind === 'id') ids.push(site.value as string)
      return site.value
    },
    { measurements: false },
  )
  return ids
}
