import { readFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { pythonJsonDumps } from '../../src/cassette/python-json.js'
import { llamaStackFileName } from '../../src/cassette/request-hash.js'
import { hasIntegralFloat, jsonFilesUnder, RECORDING_SETS, requestHasIntegralFloat } from './corpus.js'

describe('pythonJsonDumps', () => {
  test('writes what CPython json.dumps(value, sort_keys=True) writes', () => {
    // Expected text produced by CPython 3 for the same value.
    const value = {
      b: [1e-5, 1.5, 1e16, 0.0001, -2.5, 1.5e-7, 123456789.123, 1e22, 0.1, 3],
      a: 'é😀\u001f\u007f"\\\n/',
      é: null,
      Z: true,
      '😀': false,
      '\uffff': {},
    }
    expect(pythonJsonDumps(value)).toBe(
      '{"Z": true, "a": "\\u00e9\\ud83d\\ude00\\u001f\\u007f\\"\\\\\\n/", ' +
        '"b": [1e-05, 1.5, 1e+16, 0.0001, -2.5, 1.5e-07, 123456789.123, 1e+22, 0.1, 3], ' +
        '"\\u00e9": null, "\\uffff": {}, "\\ud83d\\ude00": false}',
    )
  })

  test('integral numbers are ints: JSON.parse has already turned 100.0 into 100', () => {
    expect(pythonJsonDumps(JSON.parse('[100.0, 0.0, -0]'))).toBe('[100, 0, 0]')
  })

  test('empty containers and nesting', () => {
    expect(pythonJsonDumps({ a: [], b: {}, c: [[1, { y: 2, x: 1 }]] })).toBe('{"a": [], "b": {}, "c": [[1, {"x": 1, "y": 2}]]}')
  })
})

for (const { root, aug2025, label } of RECORDING_SETS) {
  describe.skipIf(root === undefined)(label, () => {
    const files = root === undefined ? [] : [...jsonFilesUnder(aug2025), ...jsonFilesUnder(join(root, 'seed'))]

    test("llama-stack's file names, recomputed: every Aug 2025 recording without an integral float in its request is named by our hash", () => {
      let matched = 0
      let excluded = 0
      for (const file of files) {
        const text = readFileSync(file, 'utf8')
        const { request } = JSON.parse(text) as { request: { method: string; url: string; endpoint: string; body: unknown } }
        if (requestHasIntegralFloat(text)) {
          excluded += 1
          continue
        }
        expect(llamaStackFileName(request), basename(file)).toBe(basename(file))
        matched += 1
      }
      console.log(
        `[hash] ${label}: ${matched} of ${files.length} Aug 2025 file names reproduced; ${excluded} excluded (integral float such as 0.0 in the request)`,
      )
      expect(matched + excluded).toBe(files.length)
      expect(excluded).toBeGreaterThan(0)
      expect(matched).toBeGreaterThan(files.length / 2)
    })
  })
}

describe('hasIntegralFloat', () => {
  test('sees numbers, not strings', () => {
    expect(hasIntegralFloat('{"a": 0.0}')).toBe(true)
    expect(hasIntegralFloat('{"a": -12.00}')).toBe(true)
    expect(hasIntegralFloat('{"a": "0.0", "b": 0.5, "c": 1.0e5, "d": 10}')).toBe(false)
  })
})
