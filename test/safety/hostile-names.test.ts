import { isAbsolute, relative, sep } from 'node:path'
import { describe, expect, test } from 'vitest'
import { cassettePathFor, namedCassettePath, type TestIdentity } from '../../src/cassette/paths.js'

const DIR = '/project/cassettes'
const PIECES = [
  '../',
  '..',
  '/',
  '\\',
  '\u0000',
  '\u0001',
  '\n',
  '\t',
  '\u007f',
  'CON',
  'nul',
  'Com1',
  'LPT9.txt',
  ' ',
  '.',
  '%',
  '%2F',
  '#',
  '›',
  ' (2)',
  '😀',
  '👩‍👩‍👧',
  'é',
  'e\u0301',
  'É',
  'ß',
  'SS',
  'ς',
  'σ',
  'İ',
  'a',
  'A',
  'name',
  'Name',
  ':',
  '*',
  '?',
  '"',
  '<',
  '>',
  '|',
]

/** Deterministic pseudo-random, so a failure can be reproduced. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function hostileName(next: () => number): string {
  if (next() < 0.02) return 'x'.repeat(4000 + Math.floor(next() * 2000))
  return Array.from({ length: 1 + Math.floor(next() * 6) }, () => PIECES[Math.floor(next() * PIECES.length)]!).join('')
}

const folded = (path: string) => path.normalize('NFC').toUpperCase().toLowerCase()

function checkInside(path: string): void {
  const inside = relative(DIR, path)
  expect(inside.startsWith('..') || isAbsolute(inside), path).toBe(false)
  expect(path, path).not.toMatch(/[\u0000-\u001f\u007f]/)
  for (const segment of inside.split(sep)) {
    expect(Buffer.byteLength(segment), segment).toBeLessThanOrEqual(255)
    expect(segment).not.toMatch(/^\.\.?$/)
  }
}

describe('hostile test names', () => {
  test('5,000 generated names: inside cassettes/, segments at most 255 bytes, one file each even ignoring case, stable', () => {
    const next = random(6)
    const identities = new Map<string, TestIdentity>()
    for (let tries = 0; identities.size < 5000 && tries < 50_000; tries++) {
      const names = Array.from({ length: 1 + Math.floor(next() * 3) }, () => hostileName(next))
      const identity = { file: 'tests/a.test.ts', names, occurrence: 1 + Math.floor(next() * 1.2) }
      identities.set(JSON.stringify(identity), identity)
    }
    const paths = [...identities.values()].map((identity) => cassettePathFor(DIR, identity))
    paths.forEach(checkInside)
    expect(new Set(paths).size).toBe(identities.size)
    expect(new Set(paths.map(folded)).size).toBe(identities.size)
    expect([...identities.values()].map((identity) => cassettePathFor(DIR, identity))).toEqual(paths)
    const longest = Math.max(
      ...paths.map((path) =>
        Math.max(
          ...relative(DIR, path)
            .split(sep)
            .map((s) => Buffer.byteLength(s)),
        ),
      ),
    )
    console.log(`hostile names: ${identities.size} names → ${new Set(paths.map(folded)).size} distinct files ignoring case, longest segment ${longest} bytes`)
  })

  test('names equal except for case, or Unicode normalisation, get different files; readable names stay readable', () => {
    const pairs = [
      ['Name', 'name'],
      ['NAME', 'Name'],
      ['É', 'é'],
      ['e\u0301', 'é'],
      ['ß', 'ss'],
      ['ς', 'σ'],
    ]
    for (const [a, b] of pairs) {
      const pathA = cassettePathFor(DIR, { file: 't.ts', names: [a!], occurrence: 1 })
      const pathB = cassettePathFor(DIR, { file: 't.ts', names: [b!], occurrence: 1 })
      expect(folded(pathA), `${a} / ${b}`).not.toBe(folded(pathB))
    }
    expect(cassettePathFor(DIR, { file: 't.ts', names: ['chat', 'streams a greeting'], occurrence: 1 })).toBe(`${DIR}/t.ts/chat › streams a greeting.json`)
  })

  test('explicit cassette names: `/` makes folders, nothing escapes, the same name is the same file', () => {
    expect(namedCassettePath(DIR, 'shared/greetings')).toBe(`${DIR}/shared/greetings.json`)
    expect(namedCassettePath(DIR, 'shared/greetings.json')).toBe(`${DIR}/shared/greetings.json`)
    for (const name of ['../../etc/passwd', '/abs/x', '..', 'a/../../b', 'a\\..\\b', '\u0000', 'CON', `${'z'.repeat(5000)}/x`]) {
      const path = namedCassettePath(DIR, name)
      checkInside(path)
      expect(namedCassettePath(DIR, name)).toBe(path)
    }
    expect(folded(namedCassettePath(DIR, 'Shared'))).not.toBe(folded(namedCassettePath(DIR, 'shared')))
  })
})
