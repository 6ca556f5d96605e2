import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import stableStringify from 'json-stable-stringify'
import { describe, expect, test } from 'vitest'
import { stableJson } from '../../src/cassette/stable-json.js'

// json-stable-stringify wrote every cassette before safe-stable-stringify replaced it (it loads 50 modules where
// this loads one): the same value must still give the same bytes, or a re-record of an unchanged test would
// rewrite its file.
const jsonFilesUnder = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return jsonFilesUnder(path)
    return name.endsWith('.json') ? [path] : []
  })

const files = [...jsonFilesUnder('test/fixtures/llama-stack-recordings'), ...jsonFilesUnder('cassettes')]

const cassetteBytes = (value: unknown) => stableStringify(value, { space: 2, collapseEmpty: true })

describe('stableJson gives json-stable-stringify’s bytes', () => {
  test('on the llama-stack recordings and the project’s cassettes, indented and not', () => {
    expect(files.length).toBeGreaterThan(20)
    for (const file of files) {
      const value: unknown = JSON.parse(readFileSync(file, 'utf8'))
      expect(stableJson(value, 2), file).toBe(cassetteBytes(value))
      expect(stableJson(value), file).toBe(stableStringify(value))
    }
  })

  test.each([
    ['key order: empty, digits, upper case, non-ASCII', { b: 1, '': 2, '10': 3, '2': 4, B: 5, é: 6, a: { z: [], y: {} } }],
    ['values JSON drops or changes', { u: undefined, f: () => 1, n: Number.NaN, i: -Infinity, z: -0, d: new Date(0), a: [undefined, () => 1] }],
    ['toJSON', { x: { toJSON: () => ({ b: 1, a: 2 }) } }],
    ['line separators and escapes', { s: 'a\u2028b\u2029"\\\n' }],
    ['nested empty containers', [[], {}, [[{}]], { a: [] }]],
  ])('%s', (_name, value) => {
    expect(stableJson(value, 2)).toBe(cassetteBytes(value))
    expect(stableJson(value)).toBe(stableStringify(value))
  })

  test('a cycle throws', () => {
    const cyclic: Record<string, unknown> = {}
    cyclic.self = cyclic
    expect(() => stableJson(cyclic)).toThrow(TypeError)
  })
})
