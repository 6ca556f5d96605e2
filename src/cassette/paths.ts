import { createHash } from 'node:crypto'
import { join } from 'node:path'

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
const MAX_SEGMENT_BYTES = 200
// Characters that are unsafe in a file name on some OS, plus `%` (the escape) and `›` (our separator).
const UNSAFE = /[\u0000-\u001f\u007f<>:"/\\|?*%\u203a]/gu
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\.|$)/i

function percentEncode(text: string): string {
  return [...Buffer.from(text, 'utf8')].map((byte) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`).join('')
}

/** Injective: distinct names never give the same segment (before length capping, which adds a hash). */
function escapeSegment(name: string): string {
  let safe = name.replace(UNSAFE, percentEncode)
  safe = safe.replace(/^[ .]+|[ .]+$/g, percentEncode)
  if (WINDOWS_RESERVED.test(safe)) safe = percentEncode(safe[0]!) + safe.slice(1)
  return safe === '' ? '%' : safe
}

function capBytes(segment: string, original: string): string {
  if (Buffer.byteLength(segment) <= MAX_SEGMENT_BYTES) return segment
  const hash = createHash('sha256').update(original).digest('hex').slice(0, 12)
  let cut = ''
  for (const char of segment) {
    if (Buffer.byteLength(cut + char) > MAX_SEGMENT_BYTES - 20) break
    cut += char
  }
  return `${cut.replace(/%[0-9A-F]?$/, '')}…${hash}`
}

/** `test/chat.test.ts > chat > streams a greeting`, with ` (2)` for the second test of the same name. */
export function testLabel(identity: TestIdentity): string {
  const label = [identity.file, ...identity.names].join(' > ')
  return identity.occurrence > 1 ? `${label} (${identity.occurrence})` : label
}

/**
 * `<dir>/<test file path>/<describe › … › test>.json`. The same identity always maps to the same file,
 * the file stays inside `dir`, and two identities never share a file.
 */
export function cassettePathFor(dir: string, identity: TestIdentity): string {
  const fileSegments = identity.file.split('/').map((segment) => (segment === '..' ? '%2E%2E' : escapeSegment(segment)))
  // A name that itself ends in ` (2)` gets its parenthesis escaped, so the occurrence suffix stays unambiguous.
  let name = identity.names.map(escapeSegment).join(NAME_SEPARATOR).replace(/ \((\d+)\)$/, ' %28$1)')
  if (identity.occurrence > 1) name += ` (${identity.occurrence})`
  const original = [...identity.names, String(identity.occurrence)].join('\u0000')
  return join(dir, ...fileSegments.map((segment) => capBytes(segment, segment)), `${capBytes(name, original)}.json`)
}
