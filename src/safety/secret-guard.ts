import { CassetteSecretError } from '../errors.js'
import { CleanTexts, holdsOnlyCleanTexts } from './clean-texts.js'
import { keyEncodings, type KeyEncoding } from './key-encodings.js'
import { findKeyShaped } from './key-patterns.js'
import { secretlintHits } from './secret-rules.js'
import { cassetteStreamTexts } from './stream-texts.js'

/** Shorter "keys" (e.g. `test`) would turn up everywhere; the key-shape scan still covers real ones. */
const MIN_SECRET_LENGTH = 8

export interface SecretGuardOptions {
  /** The credentials of the clients that made the calls (API keys, tokens, …). */
  keys: Iterable<string>
  /** Exact strings that look like keys but are known not to be (never a client's own credential). */
  allowed?: Iterable<string>
}

export interface SecretHit {
  jsonPath: string
  description: string
}

/**
 * Where a segment is: its parent and its key, made into a JSON path only for the segment a hit is reported at.
 * Building every string's path up front was about a tenth of `verify`'s CPU profile, for paths almost never shown.
 */
interface Place {
  readonly parent: Place | undefined
  readonly key: string | number
}

const ROOT: Place = { parent: undefined, key: '$' }

/** A text to scan and where it is: a string value, an object key, a member (`"key": "value"`), a joined stream text. */
interface Segment {
  /** A joined stream text names its place itself. */
  at: Place | string
  text: string
  /** A key is described as one; a member is scanned by secretlint alone (its value is also a segment). */
  kind: 'value' | 'key' | 'member' | 'joined'
}

function pathOf(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `${parent}.${key}` : `${parent}[${JSON.stringify(key)}]`
}

/** The segment's JSON path, e.g. `$.interactions[0].response.body[3]`; without recursion (200 levels may nest). */
function pathAt(segment: Segment): string {
  if (typeof segment.at === 'string') return segment.at
  const keys: (string | number)[] = []
  for (let place: Place | undefined = segment.at; place !== ROOT && place !== undefined; place = place.parent) keys.push(place.key)
  let path = '$'
  for (let i = keys.length - 1; i >= 0; i--) path = pathOf(path, keys[i]!)
  return path
}

/**
 * Every distinct string in `value` and key, and for each distinct string member its `"key": "value"` text as the
 * file has it (rules such as AWS's look for `aws_secret_access_key: …`), in the order they appear. Every check
 * on a segment depends on its text alone, so a text met again can hold nothing its first copy did not: a
 * stream's chunks repeat their keys, ids and model names, and each is now scanned once (with paths made only
 * when shown, the scan of a 20-chunk stream takes half as long). Without recursion: a cassette may nest 200 levels.
 */
function segmentsOf(root: unknown): Segment[] {
  const segments: Segment[] = []
  const seen = new Set<string>()
  /** Member texts met, by key: building `"key": "value"` only to find it met would cost what it saves. */
  const members = new Map<string, Set<string>>()
  const stack: [unknown, Place][] = [[root, ROOT]]
  while (stack.length > 0) {
    const [value, place] = stack.pop()!
    if (typeof value === 'string') {
      if (!seen.has(value)) segments.push({ at: place, text: value, kind: 'value' })
      seen.add(value)
      continue
    }
    if (typeof value !== 'object' || value === null) continue
    const entries: [string | number, unknown][] = Array.isArray(value) ? [...value.entries()] : Object.entries(value)
    const children: [unknown, Place][] = []
    for (const [key, item] of entries) {
      const here: Place = { parent: place, key }
      if (typeof key === 'string') {
        if (!seen.has(key)) segments.push({ at: here, text: key, kind: 'key' })
        seen.add(key)
        if (typeof item === 'string') {
          let met = members.get(key)
          if (!met) members.set(key, (met = new Set()))
          if (!met.has(item)) segments.push({ at: here, text: `${JSON.stringify(key)}: ${JSON.stringify(item)}`, kind: 'member' })
          met.add(item)
        }
      }
      children.push([item, here])
    }
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!)
  }
  return segments
}

/** What a cassette streamed in pieces, joined: a key split across chunks is whole there. */
function joinedSegments(cassette: unknown): Segment[] {
  return cassetteStreamTexts(cassette).map(({ path, text }) => ({ at: path, text, kind: 'joined' as const }))
}

const describeAt = (segment: Segment, description: string) => (segment.kind === 'key' ? `${description} (as a key)` : description)

/** secretlint's findings, the rule and message naming what it found: `a credential (secretlint: github, GITHUB_TOKEN)`. */
function findByRules(segments: readonly Segment[], allowed: ReadonlySet<string>): SecretHit | undefined {
  // One scan over every segment, separated by blank lines; each hit is mapped back to its segment by offset.
  const starts: number[] = []
  let text = ''
  for (const segment of segments) {
    starts.push(text.length)
    text += `${segment.text}\n\n`
  }
  const hits = secretlintHits(text).sort((a, b) => a.start - b.start)
  for (const hit of hits) {
    const found = text.slice(hit.start, hit.end)
    if (allowed.has(found) || [...allowed].some((allow) => allow.length >= MIN_SECRET_LENGTH && found.includes(allow))) continue
    let low = 0
    let high = starts.length - 1
    while (low < high) {
      const middle = (low + high + 1) >> 1
      if (starts[middle]! <= hit.start) low = middle
      else high = middle - 1
    }
    const segment = segments[low]!
    const rule = hit.ruleId.replace(/^@secretlint\/secretlint-rule-/, '')
    return { jsonPath: pathAt(segment), description: describeAt(segment, `a credential (secretlint: ${rule}, ${hit.messageId})`) }
  }
  return undefined
}

/**
 * The first credential in `value`: one of `encodings` (a client's own), anything secretlint's recommended rules
 * recognise, or a shape they do not know (key-patterns.ts); in any string, any key, or any text a stream sent
 * in pieces, joined.
 */
function findSecret(value: unknown, encodings: readonly KeyEncoding[], allowed: ReadonlySet<string>): SecretHit | undefined {
  const segments = [...segmentsOf(value), ...joinedSegments(value)]
  const scanned = segments.filter((segment) => segment.kind !== 'member')
  for (const segment of scanned) {
    const encoding = encodings.find((form) => segment.text.includes(form.text))
    if (encoding) return { jsonPath: pathAt(segment), description: describeAt(segment, encoding.description) }
  }
  const byRules = findByRules(segments, allowed)
  if (byRules) return byRules
  for (const segment of scanned) {
    const shaped = findKeyShaped(segment.text, allowed)
    if (shaped) return { jsonPath: pathAt(segment), description: describeAt(segment, shaped.description) }
  }
  return undefined
}

/** The first credential-shaped string in `value` that is not allowed, including joined stream texts: for files already written. */
export function findKeyShapedSecret(value: unknown, allowed: Iterable<string> = []): SecretHit | undefined {
  return findSecret(value, [], new Set(allowed))
}

/**
 * findKeyShapedSecret for a run over many files: the returned function gives the same answer for each value, and
 * remembers the texts it found clean, so a text met again (in the same cassette or another) is not scanned again.
 */
export function keyShapedSecretFinder(allowed: Iterable<string> = []): (value: unknown) => SecretHit | undefined {
  const allowedSet = new Set(allowed)
  const texts = new CleanTexts(allowedSet)
  return (value) => (holdsOnlyCleanTexts(value, texts) ? undefined : findSecret(value, [], allowedSet))
}

/**
 * Throws CassetteSecretError, naming the cassette and the JSON path, when the text about to be written holds
 * a client's credential (as is, URL-encoded or base64-encoded) or a credential-shaped string that is not allowed.
 * `value` is what `text` serialises; the path is found in it.
 */
export function assertNoSecrets(text: string, value: unknown, options: SecretGuardOptions, cassettePath: string): void {
  const encodings = [...options.keys].filter((key) => key.length >= MIN_SECRET_LENGTH).flatMap(keyEncodings)
  const keys = new Set([...options.keys])
  const allowed = new Set([...(options.allowed ?? [])].filter((text) => !keys.has(text)))
  const hit =
    findSecret(value, encodings, allowed) ??
    // The walk sees every string; this only catches what serialisation itself could add.
    (encodings.some((encoding) => text.includes(encoding.text)) ? { jsonPath: '$', description: "the client's API key" } : undefined)
  if (!hit) return
  throw new CassetteSecretError(
    `refused to write ${cassettePath}: ${hit.description} appears at ${hit.jsonPath}. ` +
      'Nothing was written and the cassette on disk is unchanged. Remove it from what the test sends or receives, ' +
      'redact it (the `redact` option), or if it is not a secret list it in `allowedSecrets`.',
    { cassettePath, jsonPath: hit.jsonPath },
  )
}
