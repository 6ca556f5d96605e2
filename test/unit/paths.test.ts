import { relative, sep } from 'node:path'
import { describe, expect, test } from 'vitest'
import { cassettePathFor, hooksCassettePath, hooksLabel, testLabel, type TestIdentity } from '../../src/cassette/paths.js'

const DIR = '/project/cassettes'
const id = (names: string[], occurrence = 1, file = 'test/a.test.ts'): TestIdentity => ({ file, names, occurrence })

describe('cassettePathFor', () => {
  test('mirrors the test file and joins the describe chain', () => {
    expect(cassettePathFor(DIR, id(['chat', 'streams a greeting']))).toBe('/project/cassettes/test/a.test.ts/chat › streams a greeting.json')
    expect(testLabel(id(['chat', 'streams a greeting']))).toBe('test/a.test.ts > chat > streams a greeting')
  })

  test('hostile names stay inside the cassette folder', () => {
    const hostile = ['../../etc/passwd', '/abs', 'a\\b', 'nul\u0000byte', 'tab\tand\nnewline', '..', '.', ' ', '', 'CON', 'nul.txt', 'x›y']
    for (const name of hostile) {
      const path = cassettePathFor(DIR, id([name]))
      const inside = relative(DIR, path)
      expect(inside.startsWith('..'), name).toBe(false)
      expect(inside.split(sep)).toHaveLength(3)
      expect(path).not.toMatch(/[\u0000-\u001f]/)
    }
    expect(relative(DIR, cassettePathFor(DIR, id(['t'], 1, '../outside/x.test.ts')))).toBe('%2E%2E/outside/x.test.ts/t.json')
  })

  test('Windows reserved names are escaped', () => {
    expect(cassettePathFor(DIR, id(['CON']))).toBe('/project/cassettes/test/a.test.ts/%43ON #a3dbc4.json')
  })

  test('distinct identities never share a file; the same identity always maps to the same file', () => {
    const identities = [
      id(['a', 'b']),
      id(['a › b']),
      id(['a', 'b'], 2),
      id(['a', 'b (2)']),
      id(['a%2Fb']),
      id(['a/b']),
      id(['x (3)'], 1),
      id(['x'], 3),
      id(['a', 'b'], 1, 'test/b.test.ts'),
    ]
    const paths = identities.map((identity) => cassettePathFor(DIR, identity))
    expect(new Set(paths).size).toBe(identities.length)
    expect(identities.map((identity) => cassettePathFor(DIR, identity))).toEqual(paths)
  })

  test('over-long names are capped under 255 bytes per segment, stay distinct and stable', () => {
    const long = 'é'.repeat(3000)
    const first = cassettePathFor(DIR, id([long, 'one']))
    const second = cassettePathFor(DIR, id([long, 'two']))
    expect(first).not.toBe(second)
    expect(cassettePathFor(DIR, id([long, 'one']))).toBe(first)
    for (const segment of first.split('/')) expect(Buffer.byteLength(segment)).toBeLessThanOrEqual(255)
  })
})

describe('characters that change how a name displays', () => {
  // U+202E reverses the text after it: `invoice\u202Efdp.json` displays as `invoicenosj.pdf`.
  const INVISIBLE = [
    '\u202E',
    '\u202A',
    '\u202B',
    '\u202C',
    '\u202D',
    '\u2066',
    '\u2067',
    '\u2068',
    '\u2069',
    '\u200E',
    '\u200F',
    '\u061C',
    '\u200B',
    '\u200C',
    '\u200D',
    '\u2060',
    '\uFEFF',
    '\u00AD',
    '\u2028',
    '\u2029',
    '\u{E0041}',
  ]

  test.each(INVISIBLE.map((char) => [`U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`, char]))('%s is percent-encoded', (_, char) => {
    const path = cassettePathFor(DIR, id([`a${char}b`], 1, `test/x${char}y.test.ts`))
    expect(path).not.toMatch(/[\p{Cf}\u2028\u2029]/u)
    const encoded = [...Buffer.from(char)].map((byte) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`).join('')
    expect(path).toBe(`/project/cassettes/test/x${encoded}y.test.ts/a${encoded}b.json`)
  })

  test('a reversed name cannot pass for another one', () => {
    expect(cassettePathFor(DIR, id(['report\u202Enosj.exe']))).toBe('/project/cassettes/test/a.test.ts/report%E2%80%AEnosj.exe.json')
  })
})

describe('hooksCassettePath', () => {
  test("a describe's beforeAll/afterAll cassette sorts before its tests' and never shares a file with a test's", () => {
    expect(hooksCassettePath(DIR, id(['chat']))).toBe('/project/cassettes/test/a.test.ts/chat › #hooks.json')
    expect(hooksCassettePath(DIR, id([]))).toBe('/project/cassettes/test/a.test.ts/#hooks.json')
    expect(hooksCassettePath(DIR, id(['chat'], 2))).toBe('/project/cassettes/test/a.test.ts/chat › #hooks (2).json')
    expect(hooksLabel(id(['chat']))).toBe('test/a.test.ts > chat > (beforeAll/afterAll)')
    const tests = ['answers', '#hooks', ' #hooks', '(hooks)', 'a'].map((name) => cassettePathFor(DIR, id(['chat', name])))
    const hooks = hooksCassettePath(DIR, id(['chat']))
    expect(tests).not.toContain(hooks)
    expect([...tests, hooks].sort()[0]).toBe(hooks)
    expect(cassettePathFor(DIR, id(['#hooks']))).not.toBe(hooksCassettePath(DIR, id([])))
  })
})
