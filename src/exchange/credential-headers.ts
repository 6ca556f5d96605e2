import { KEY_SHAPED_QUERY_PARAM } from '../safety/redaction.js'

/** Request headers that carry a credential, whichever provider's: `authorization: Bearer …`, `x-api-key`, … */
const CREDENTIAL_HEADER = /^(authorization|proxy-authorization|api-key|x-api-key|x-goog-api-key)$|(key|token|secret|password|credentials?)$/i

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
    // Session cookies: each cookie's value.
    if (name === 'cookie') {
      for (const pair of value.split(';')) {
        const cookie = pair.slice(pair.indexOf('=') + 1).trim()
        if (pair.includes('=') && cookie !== '') found.push(cookie)
      }
      return
    }
    if (!CREDENTIAL_HEADER.test(name)) return
    const credential = value.replace(/^(Bearer|Basic|Token)\s+/i, '').trim()
    if (credential !== '') found.push(credential)
  })
  return found
}

/**
 * The credentials a request's URL carries: the values of key-shaped query parameters (`?key=` for Gemini,
 * `api-key`, `access_token`, …), whether the code under test or the client's `defaultQuery` put them there.
 * (A URL with a user or password is refused by fetch itself.)
 */
export function credentialsInUrl(href: string): string[] {
  let url: URL
  try {
    url = new URL(href)
  } catch {
    return []
  }
  const found: string[] = []
  for (const [name, value] of url.searchParams) if (KEY_SHAPED_QUERY_PARAM.test(name) && value !== '') found.push(value)
  return found
}
