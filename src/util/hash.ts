import { loadOnUse } from './load-on-use.js'

// node:crypto costs a replaying worker ~5 ms to load (35 internal modules), and replay never hashes: loaded on first use.
const crypto = (): typeof import('node:crypto') => loadOnUse('node:crypto') as typeof import('node:crypto')

/** SHA-256 of `data`, in hex. */
export const sha256Hex = (data: string | Uint8Array): string => crypto().createHash('sha256').update(data).digest('hex')

/** `bytes` random bytes, in hex. */
export const randomHex = (bytes: number): string => crypto().randomBytes(bytes).toString('hex')

export const randomUuid = (): string => crypto().randomUUID()
