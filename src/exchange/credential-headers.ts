/** Request headers that carry a credential, whichever provider's: `authorization: Bearer …`, `x-api-key`, … */
const CREDENTIAL_HEADER = /^(authorization|proxy-authorization|api-key|x-api-key|x-goog-api-key)$|(key|token|secret)$/i

/**
 * The credentials a request sends, read from its headers (the scheme of an `authorization` value dropped), so
 * the secret guard knows them whatever the client holds them as: a key, a token, a function, default headers.
 */
export function credentialsInHeaders(headers: HeadersInit | undefined): string[] {
  const found: string[] = []
  // openai v4 and older Anthropic SDKs pass a plain object, where an unset header is null or undefined.
  const entries =
    headers instanceof Headers || Array.isArray(headers)
      ? headers
      : Object.entries(headers ?? {}).filter((entry): entry is [string, string] => typeof entry[1] === 'string')
  new Headers(entries).forEach((value, name) => {
    if (!CREDENTIAL_HEADER.test(name)) return
    const credential = value.replace(/^(Bearer|Basic|Token)\s+/i, '').trim()
    if (credential !== '') found.push(credential)
  })
  return found
}
