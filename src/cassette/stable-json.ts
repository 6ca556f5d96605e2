import { loadOnUse } from '../util/load-on-use.js'

/**
 * safe-stable-stringify, configured as JSON.stringify with every object's keys sorted (a cycle throws a TypeError).
 * Its output is byte-identical to json-stable-stringify's, which wrote cassettes before (test/unit/stable-json.test.ts
 * checks it on the llama-stack fixtures and the project's cassettes), and it is one module where that one loads 50.
 * Every replay keys its request with it, so it loads with this module; `require`d, not imported, because Node 20
 * scans a CommonJS package's whole source for named exports when an ES module imports it (~7 ms here).
 */
const sorted = (loadOnUse('safe-stable-stringify') as typeof import('safe-stable-stringify')).configure({
  deterministic: true,
  circularValue: TypeError,
  bigint: false,
}) as (value: unknown, replacer?: null, space?: number) => string | undefined

/** `value` as JSON with sorted keys (undefined where JSON.stringify gives undefined); `space` indents as JSON.stringify's. */
export function stableJson(value: unknown, space?: number): string | undefined {
  return sorted(value, null, space)
}
