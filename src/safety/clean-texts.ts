import { findKeyShaped } from './key-patterns.js'
import { secretlintCouldReport } from './secret-rules.js'
import { cassetteStreamTexts } from './stream-texts.js'

/** No secretlint rule's gate matches the text (secret-rule-gates.ts): no rule can report anything in it. */
const NO_RULE = 1
/** No key shape (key-patterns.ts) that is not allowed is in the text. */
const NO_SHAPE = 2
/** JSON.stringify writes the text between quotes as it is (no `"`, `\`, control character or surrogate to escape). */
const PLAIN = 4
const CLEAN = NO_RULE | NO_SHAPE

const NEEDS_ESCAPING = /["\\\u0000-\u001f\ud800-\udfff]/

/** Past this many characters remembered, the texts met so far are forgotten: memory stays bounded on any run. */
const MAX_REMEMBERED_CHARACTERS = 32 * 1024 * 1024

/**
 * What the secret guard would find in each text, remembered by text for a run over many cassettes: a stream's
 * chunks, and one cassette after another, repeat the same keys, ids, model names and prompts. Every check of the
 * guard depends on the text alone (and on the allowed strings, fixed here).
 */
export class CleanTexts {
  private readonly known = new Map<string, number>()
  private remembered = 0

  constructor(private readonly allowed: ReadonlySet<string>) {}

  /** Whether neither secretlint's rules nor the key shapes can find anything in `text`. */
  isClean(text: string): boolean {
    return (this.stateOf(text) & CLEAN) === CLEAN
  }

  /**
   * Whether `key` and `value` are clean, and secretlint's rules can find nothing in the member text
   * `"key": "value"` the guard also scans. Where neither needs escaping, no gate can match that text: a gate
   * matches no `"` and no part of `: `, so it would match inside the key or the value. Otherwise it is checked.
   */
  isCleanMember(key: string, value: string): boolean {
    const both = this.stateOf(key) & this.stateOf(value)
    if ((both & CLEAN) !== CLEAN) return false
    return (both & PLAIN) !== 0 || (this.stateOf(`${JSON.stringify(key)}: ${JSON.stringify(value)}`) & NO_RULE) !== 0
  }

  private stateOf(text: string): number {
    let state = this.known.get(text)
    if (state !== undefined) return state
    state =
      (secretlintCouldReport(text) ? 0 : NO_RULE) | (findKeyShaped(text, this.allowed) === undefined ? NO_SHAPE : 0) | (NEEDS_ESCAPING.test(text) ? 0 : PLAIN)
    this.remembered += text.length
    if (this.remembered > MAX_REMEMBERED_CHARACTERS) {
      this.known.clear()
      this.remembered = text.length
    }
    this.known.set(text, state)
    return state
  }
}

/**
 * Whether the secret guard would find nothing in `value`: every string, every key, every string member's
 * `"key": "value"` text and every text a stream sent in pieces is clean. Segments are scanned by secretlint
 * joined with blank lines, and no gate matches a line break, so a gate matching none of them matches none of the
 * joined text. A value this says no to is scanned in full, to report the first finding where it is.
 */
export function holdsOnlyCleanTexts(value: unknown, texts: CleanTexts): boolean {
  if (typeof value === 'string') return texts.isClean(value)
  const stack: object[] = typeof value === 'object' && value !== null ? [value] : []
  while (stack.length > 0) {
    const item = stack.pop()!
    if (Array.isArray(item)) {
      for (const element of item as unknown[]) {
        if (typeof element === 'string') {
          if (!texts.isClean(element)) return false
        } else if (typeof element === 'object' && element !== null) stack.push(element)
      }
      continue
    }
    const record = item as Record<string, unknown>
    for (const key of Object.keys(record)) {
      const child = record[key]
      if (typeof child === 'string') {
        if (!texts.isCleanMember(key, child)) return false
      } else {
        if (!texts.isClean(key)) return false
        if (typeof child === 'object' && child !== null) stack.push(child)
      }
    }
  }
  return cassetteStreamTexts(value).every(({ text }) => texts.isClean(text))
}
