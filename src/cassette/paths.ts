import { join } from 'node:path'
import { sha256Hex } from '../util/hash.js'

/** Who a cassette belongs to: a test file (relative to the project root) and the test's name chain. */
export interface TestIdentity {
  /** Test file relative to the project root, `/`-separated. */
  file: string
  /** The describe chain, then the test name. */
  names: readonly string[]
  /** 1 for the first test in the file with exactly these names, 2 for the next, and so on. */
  occurrence: number
}

const NAME_SEPARATOR = ' › '
/** Well under the 255-byte limit of common file systems, leaving room for ` (n)` and `.json`. */
const MAX_SEGMENT_BYTES = 200
// Characters that are unsafe in a file name on some OS, plus `%` (the escape), `#` (the case mark) and `›` (our separator),
// and invisible ones that change how a name displays: format characters (\p{Cf}: bidi controls such as U+202E, which
// reverses the text after it, zero-width spaces and joiners, the BOM) and the line and paragraph separators.
const UNSAFE = /[\u0000-\u001f\u007f<>:"/\\|?*%#\u203a\u2028\u2029\p{Cf}]/gu
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$)(\.|$)/i

function percentEncode(text: string): string {
  return [...Buffer.from(text, 'utf8')].map((byte) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`).join('')
}

const shortHash = (text: string, length: number) => sha256Hex(text).slice(0, length)

/** Injective: distinct names never give the same segment (before length capping, which adds a hash). */
function escapeSegment(name: string): string {
  let safe = name.replace(UNSAFE, percentEncode)
  safe = safe.replace(/^[ .]+|[ .]+$/g, percentEncode)
  if (WINDOWS_RESERVED.test(safe)) safe = percentEncode(safe[0]!) + safe.slice(1)
  return safe === '' ? '%' : safe
}

/** How case-insensitive, normalisation-insensitive file systems (macOS, Windows) compare names. */
function folded(name: string): string {
  return name.normalize('NFC').toUpperCase().toLowerCase()
}

/**
 * Names equal except for case (or Unicode normalisation) would share a file on macOS and Windows. A name that
 * is not already in folded form gets ` #<hash of the exact name>`; `#` is escaped in names, so the mark is
 * unambiguous, and a folded name never carries one.
 */
function caseMark(name: string): string {
  return name === folded(name) ? '' : ` #${shortHash(name, 6)}`
}

function capBytes(segment: string, original: string): string {
  if (Buffer.byteLength(segment) <= MAX_SEGMENT_BYTES) return segment
  let cut = ''
  for (const char of segment) {
    if (Buffer.byteLength(cut + char) > MAX_SEGMENT_BYTES - 20) break
    cut += char
  }
  return `${cut.replace(/%[0-9A-F]?$/, '')}…${shortHash(original, 12)}`
}

/** One readable, safe path segment from any text: escaped, case-marked, at most 200 bytes. */
function nameSegment(text: string): string {
  return capBytes(escapeSegment(text) + caseMark(text), text)
}

/** `test/chat.test.ts > chat > streams a greeting`, with ` (2)` for the second test of the same name. */
export function testLabel(identity: TestIdentity): string {
  const label = [identity.file, ...identity.names].join(' > ')
  return identity.occurrence > 1 ? `${label} (${identity.occurrence})` : label
}

function fileSegment(segment: string): string {
  return segment === '..' ? '%2E%2E' : capBytes(escapeSegment(segment), segment)
}

/** `<dir>/<test file path>`: the folder that holds the cassettes of the tests of one test file (`/`-separated, relative to the root). */
export function testFileCassetteDir(dir: string, file: string): string {
  return join(dir, ...file.split('/').map(fileSegment))
}

/**
 * `<dir>/<test file path>/<describe › … › test>.json`. The same identity always maps to the same file,
 * the file stays inside `dir`, and two identities never share a file, even on a case-insensitive disk.
 */
export function cassettePathFor(dir: string, identity: TestIdentity): string {
  const joined = identity.names.join('\u0000')
  // A name that itself ends in ` (2)` gets its parenthesis escaped, so the occurrence suffix stays unambiguous.
  let name =
    identity.names
      .map(escapeSegment)
      .join(NAME_SEPARATOR)
      .replace(/ \((\d+)\)$/, ' %28$1)') + caseMark(joined)
  if (identity.occurrence > 1) name += ` (${identity.occurrence})`
  const original = [...identity.names, String(identity.occurrence)].join('\u0000')
  return join(testFileCassetteDir(dir, identity.file), `${capBytes(name, original)}.json`)
}

/**
 * `<dir>/<name>.json` for a cassette named explicitly (`useCassette('shared/greetings')`). `/` separates
 * folders; every segment is made safe like a test name, so the file stays inside `dir`.
 */
export function namedCassettePath(dir: string, name: string): string {
  const segments = name
    .replace(/\.json$/i, '')
    .split('/')
    .map(nameSegment)
  const last = segments.pop()!
  return join(dir, ...segments, `${last}.json`)
}

/**
 * Marks the cassette of a describe's (or the test file's) `beforeAll`/`afterAll` calls. `#` in a test name is
 * escaped and a case mark is ` #` and hex digits, so no test's cassette can carry this name; it sorts before
 * the names of the describe's tests.
 */
const HOOKS_MARK = '#hooks'

/**
 * `<dir>/<test file path>/<describe › … › >#hooks.json`: the calls a describe's `beforeAll`/`afterAll` hooks make
 * (`names` is its describe chain; empty for the file's own hooks). `occurrence` tells apart describes of the
 * same chain, as for tests.
 */
export function hooksCassettePath(dir: string, suite: TestIdentity): string {
  const prefix = suite.names.map(escapeSegment).join(NAME_SEPARATOR)
  let name = `${prefix === '' ? '' : `${prefix}${NAME_SEPARATOR}`}${HOOKS_MARK}${caseMark(suite.names.join('\u0000'))}`
  if (suite.occurrence > 1) name += ` (${suite.occurrence})`
  const original = [...suite.names, HOOKS_MARK, String(suite.occurrence)].join('\u0000')
  return join(testFileCassetteDir(dir, suite.file), `${capBytes(name, original)}.json`)
}

/** `test/chat.test.ts > chat > (beforeAll/afterAll)`: the `test` of a hooks cassette. */
export function hooksLabel(suite: TestIdentity): string {
  const label = `${[suite.file, ...suite.names].join(' > ')} > (beforeAll/afterAll)`
  return suite.occurrence > 1 ? `${label} (${suite.occurrence})` : label
}
