import { CassetteSecretError } from '../errors.js'

const MIN_SECRET_LENGTH = 8

function findPath(value: unknown, secret: string, path: string): string | undefined {
  if (typeof value === 'string') return value.includes(secret) ? path : undefined
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = findPath(item, secret, `${path}[${index}]`)
      if (found) return found
    }
    return undefined
  }
  if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      if (key.includes(secret)) return `${path}.${key}`
      const found = findPath(item, secret, `${path}.${key}`)
      if (found) return found
    }
  }
  return undefined
}

/** Throws CassetteSecretError, naming the JSON path, if the text about to be written holds one of the keys. */
export function assertNoSecrets(text: string, value: unknown, secrets: Iterable<string>, cassettePath: string): void {
  for (const secret of secrets) {
    if (secret.length < MIN_SECRET_LENGTH || !text.includes(secret)) continue
    const jsonPath = findPath(value, secret, '$') ?? '$'
    throw new CassetteSecretError(
      `refused to write ${cassettePath}: the client's API key appears at ${jsonPath}. ` +
        'Nothing was written; remove the key from what the test sends or receives.',
      { cassettePath, jsonPath },
    )
  }
}
