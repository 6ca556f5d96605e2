/** Strings shaped like credentials, whoever's they are. Each must stay quiet on ids the APIs hand out. */
export interface KeyPattern {
  /** How the error describes a hit, e.g. `an OpenAI-style secret key (sk-…)`. */
  description: string
  pattern: RegExp
  /** A further check on the match, for shapes a regular expression alone would over-match. */
  accept?: (match: string) => boolean
  /**
   * Text every match contains: where it is absent the expression is not run. A class repeated at every start
   * (the Azure key's `[A-Za-z0-9]{52}`) made that one expression 90% of the scan of a typical cassette.
   */
  contains?: string
}

// Lookarounds instead of \b: `-` and `_` must not count as boundaries, or `req_<32 hex>` would look like an Azure key.
const START = '(?<![A-Za-z0-9_-])'
const END = '(?![A-Za-z0-9_-])'

/**
 * Shapes secretlint's recommended rules (src/safety/secret-rules.ts) do not know. Most are ported from gitleaks'
 * rules (config/gitleaks.toml, MIT); `sk-…`, `Bearer …` and the Azure AI services key were this project's own.
 * A bare 32-hex "Azure OpenAI key" is not among them: it cannot be told from trace and request ids (the client's
 * own Azure key is still caught exactly, in every encoding).
 */
export const KEY_PATTERNS: readonly KeyPattern[] = [
  {
    // OpenAI-compatible providers (DeepSeek, OpenRouter `sk-or-v1-`, …) and Anthropic keys other than `api03`.
    description: 'an OpenAI-style secret key (sk-…)',
    pattern: new RegExp(`${START}sk-[A-Za-z0-9_-]{20,}`, 'g'),
    contains: 'sk-',
    // Real keys mix letters and digits; a slug like `sk-this-is-a-very-long-name` does not.
    accept: (match) => /\d/.test(match) && /[A-Za-z]/.test(match.slice(3)),
  },
  {
    description: 'a bearer token (Bearer …)',
    pattern: /(?<![A-Za-z0-9])Bearer\s+[A-Za-z0-9._~+/-]{20,}=*/gi,
    accept: (match) => /\d/.test(match),
  },
  { description: 'a Google API key (AIza…, e.g. Gemini)', pattern: new RegExp(`${START}AIza[\\w-]{35}${END}`, 'g') },
  { description: 'a JSON Web Token (eyJ….eyJ….…)', pattern: new RegExp(`${START}eyJ[A-Za-z0-9_-]{17,}\\.eyJ[A-Za-z0-9_-]{17,}\\.[A-Za-z0-9_-]{10,}`, 'g') },
  { description: 'a Perplexity API key (pplx-…)', pattern: new RegExp(`${START}pplx-[A-Za-z0-9]{48}${END}`, 'g') },
  { description: 'an xAI API key (xai-…)', pattern: new RegExp(`${START}xai-[A-Za-z0-9]{70,90}${END}`, 'g') },
  {
    description: 'a private key (-----BEGIN … PRIVATE KEY-----)',
    pattern: /-----BEGIN[ A-Z0-9_-]{0,100}PRIVATE KEY(?: BLOCK)?-----[\s\S]{64,}?KEY(?: BLOCK)?-----/gi,
  },
  {
    description: 'an Azure AI services key (84 characters)',
    pattern: new RegExp(`${START}[A-Za-z0-9]{52}JQQJ9[A-Za-z0-9]{27}${END}`, 'g'),
    contains: 'JQQJ9',
  },
]

export interface KeyShapedHit {
  description: string
  match: string
}

/** The first key-shaped string in `text` that is not allowed, or undefined. */
export function findKeyShaped(text: string, allowed: ReadonlySet<string>): KeyShapedHit | undefined {
  for (const { description, pattern, accept, contains } of KEY_PATTERNS) {
    if (contains !== undefined && !text.includes(contains)) continue
    // exec, not matchAll: matchAll copies the expression on every call, and this runs once per string of a cassette.
    pattern.lastIndex = 0
    for (let found = pattern.exec(text); found !== null; found = pattern.exec(text)) {
      const [match] = found
      if (accept && !accept(match)) continue
      if (allowed.has(match)) continue
      pattern.lastIndex = 0
      return { description, match }
    }
  }
  return undefined
}
