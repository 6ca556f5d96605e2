import { configure } from 'safe-stable-stringify'

/**
 * safe-stable-stringify, configured as JSON.stringify with every object's keys sorted (a cycle throws a TypeError).
 * Its output is byte-identical to json-stable-stringify's, which wrote cassettes before (test/unit/stable-json.test.ts
 * checks it on the llama-stack fixtures and the project's cassettes), and it is one module where that one loads 50.
 * Every replay keys its request with it, so it loads with this module. Bundled into dist (tsup.config.ts), as a
 * dev dependency: `require`d from the package, it cost a fresh ES-module process ~4 ms (Node's CommonJS loader
 * starting and resolving it), and `import`ed, Node 20 would scan its CommonJS source for named exports.
 */
/*! safe-stable-stringify (MIT License, (c) Ruben Bridgewater), bundled by llm-cassettes */
const sorted = configure({
  deterministic: true,
  circularValue: TypeError,
  bigint: false,
}) as (value: unknown, replacer?: null, space?: number) => string | undefined

/** `value` as JSON with sorted keys (undefined where JSON.stringify gives undefined); `space` indents as JSON.stringify's. */
export function stableJson(value: unknown, space?: number): string | undefined {
  return sorted(value, null, space)
}
