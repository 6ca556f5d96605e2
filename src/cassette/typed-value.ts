import { isObject } from '../util/is-object.js'
import type { TypedValue } from './types.js'

/** `{ __type__, __data__ }` as llama-stack writes a value of a known class; the data itself when there is no class. */
export function typed(type: string | undefined, data: unknown): unknown {
  return type === undefined ? data : ({ __type__: type, __data__: data } satisfies TypedValue)
}

export function isTypedValue(value: unknown): value is TypedValue {
  return isObject(value) && typeof value['__type__'] === 'string' && '__data__' in value
}

/** A stored value's data: the `__data__` of a typed value, or the value itself when stored as plain JSON. */
export function untyped(value: unknown): unknown {
  return isTypedValue(value) ? value.__data__ : value
}
