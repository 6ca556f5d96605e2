export interface KeyEncoding {
  /** `the client's API key`, `the client's API key (base64-encoded)`, ... */
  description: string
  text: string
}

/**
 * The part of base64(prefix + key) that depends on the key alone, for each of the 3 alignments the key
 * can have inside a longer encoded value.
 */
function base64Cores(key: string, alphabet: 'base64' | 'base64url'): string[] {
  const cores: string[] = []
  for (let offset = 0; offset < 3; offset++) {
    const encoded = Buffer.concat([Buffer.alloc(offset), Buffer.from(key, 'utf8')])
      .toString(alphabet)
      .replace(/=+$/, '')
    const bytes = Buffer.byteLength(key, 'utf8')
    // Characters mixing prefix bits are dropped at the start, and ones mixing unknown suffix bits at the end.
    const start = offset === 0 ? 0 : Math.ceil((offset * 8) / 6)
    const end = Math.floor(((offset + bytes) * 8) / 6)
    cores.push(encoded.slice(start, end))
  }
  return cores
}

/** Every form of the key that would give it away: as is, URL-encoded, base64 and base64url at any alignment. */
export function keyEncodings(key: string): KeyEncoding[] {
  const forms: KeyEncoding[] = [{ description: "the client's API key", text: key }]
  const urlEncoded = encodeURIComponent(key)
  if (urlEncoded !== key) forms.push({ description: "the client's API key (URL-encoded)", text: urlEncoded })
  const seen = new Set([key, urlEncoded])
  for (const alphabet of ['base64', 'base64url'] as const) {
    for (const core of base64Cores(key, alphabet)) {
      if (seen.has(core)) continue
      seen.add(core)
      forms.push({ description: "the client's API key (base64-encoded)", text: core })
    }
  }
  return forms
}
