import { CassetteSecretError } from '../errors.js'
import { keyEncodings, type KeyEncoding } from './key-encodings.js'
import { findKeyShaped } from './key-patterns.js'

/** Shorter "keys" (e.g. `test`) would turn up everywhere; the key-shape scan still covers real ones. */
const MIN_SECRET_LENGTH = 8

export interface SecretGuardOptions {
  /** The API keys of the clients that made the calls. */
  keys: Iterable<string>
  /** Exact strings that look like keys but are known not to be (never the client's own key). */
  allowed?: Iterable<string>
}

export interface SecretHit {
  jsonPath: string
  description: string
}

function pathOf(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `${parent}.${key}` : `${parent}[${JSON.stringify(key)}]`
}

function scanString(text: string, encodings: readonly KeyEncoding[], allowed: ReadonlySet<string>): string | undefined {
  for (const encoding of encodings) if (text.includes(encoding.text)) return encoding.description
  return findKeyShaped(text, allowed)?.description
}

function findSecret(value: unknown, path: string, encodings: readonly KeyEncoding[], allowed: ReadonlySet<string>): SecretHit | undefined {
  if (typeof value === 'string') {
    const description = scanString(value, encodings, allowed)
    return description === undefined ? undefined : { jsonPath: path, description }
  }
  if (typeof value !== 'object' || value === null) return undefined
  const entries: [string | number, unknown][] = Array.isArray(value) ? [...value.entries()] : Object.entries(value)
  for (const [key, item] of entries) {
    const here = pathOf(path, key)
    if (typeof key === 'string') {
      const description = scanString(key, encodings, allowed)
      if (description !== undefined) return { jsonPath: here, description: `${description} (as a key)` }
    }
    const hit = findSecret(item, here, encodings, allowed)
    if (hit) return hit
  }
  return undefined
}

/** The first key-shaped string (as a value or a key) in `value` that is not allowed: for files already written. */
export function findKeyShapedSecret(value: unknown, allowed: Iterable<string> = []): SecretHit | undefined {
  return findSecret(value, '$', [], new Set(allowed))
}

/**
 * Throws CassetteSecretError, naming the cassette and the JSON path, when the text about to be written holds
 * a client's API key (as is, URL-encoded or base64-encoded) or a key-shaped string that is not allowed.
 * `value` is what `text` serialises; the path is found in it.
 */
export function assertNoSecrets(text: string, value: unknown, options: SecretGuardOptions, cassettePath: string): void {
  const encodings = [...options.keys].filter((key) => key.length >= MIN_SECRET_LENGTH).flatMap(keyEncodings)
  const keys = new Set([...options.keys])
  const allowed = new Set([...(options.allowed ?? [])].filter((text) => !keys.has(text)))
  const hit =
    findSecret(value, '$', encodings, allowed) ??
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
