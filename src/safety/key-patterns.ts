/** Strings shaped like credentials, whoever's they are. Each must stay quiet on ids the API hands out. */
export interface KeyPattern {
  /** How the error describes a hit, e.g. `an OpenAI-style secret key (sk-…)`. */
  description: string
  pattern: RegExp
  /** A further check on the match, for shapes a regular expression alone would over-match. */
  accept?: (match: string) => boolean
}

// Lookarounds instead of \b: `-` and `_` must not count as boundaries, or `req_<32 hex>` would look like an Azure key.
const START = '(?<![A-Za-z0-9_-])'
const END = '(?![A-Za-z0-9_-])'

export const KEY_PATTERNS: readonly KeyPattern[] = [
  {
    description: 'an OpenAI-style secret key (sk-…)',
    pattern: new RegExp(`${START}sk-[A-Za-z0-9_-]{20,}`, 'g'),
    // Real keys mix letters and digits; a slug like `sk-this-is-a-very-long-name` does not.
    accept: (match) => /\d/.test(match) && /[A-Za-z]/.test(match.slice(3)),
  },
  {
    description: 'a bearer token (Bearer …)',
    pattern: /(?<![A-Za-z0-9])Bearer\s+[A-Za-z0-9._~+/-]{20,}=*/gi,
    accept: (match) => /\d/.test(match),
  },
  // Google API keys (Gemini, Vertex express mode): `AIza` and 35 more characters.
  { description: 'a Google API key (AIza…)', pattern: new RegExp(`${START}AIza[0-9A-Za-z_-]{35}${END}`, 'g') },
  { description: 'an Azure OpenAI key (32 hex digits)', pattern: new RegExp(`${START}[0-9a-f]{32}${END}`, 'g') },
  { description: 'an Azure AI services key (84 characters)', pattern: new RegExp(`${START}[A-Za-z0-9]{52}JQQJ9[A-Za-z0-9]{27}${END}`, 'g') },
]

export interface KeyShapedHit {
  description: string
  match: string
}

/** The first key-shaped string in `text` that is not allowed, or undefined. */
export function findKeyShaped(text: string, allowed: ReadonlySet<string>): KeyShapedHit | undefined {
  for (const { description, pattern, accept } of KEY_PATTERNS) {
    pattern.lastIndex = 0
    for (const found of text.matchAll(pattern)) {
      const [match] = found
      if (accept && !accept(match)) continue
      if (allowed.has(match)) continue
      return { description, match }
    }
  }
  return undefined
}
