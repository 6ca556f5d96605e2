/** The providers `serve` knows by path (see src/providers/detect.ts); `plain` is any other path. */
export type ServedProvider = 'openai' | 'anthropic' | 'google' | 'plain'

/** Where calls go live: one URL for every provider, and one per provider, which wins over it. */
export interface Upstreams {
  /** `--upstream`: every provider's calls, and the only place calls to other paths can go. */
  all?: string
  openai?: string
  anthropic?: string
  google?: string
}

/** The provider APIs themselves, when no upstream is given for them. */
export const DEFAULT_UPSTREAMS: Readonly<Record<Exclude<ServedProvider, 'plain'>, string>> = {
  openai: 'https://api.openai.com',
  anthropic: 'https://api.anthropic.com',
  google: 'https://generativelanguage.googleapis.com',
}

/** The problem with an upstream URL, or undefined when it is one: http(s), no query, no fragment, no credentials. */
export function upstreamProblem(value: string): string | undefined {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    return `${JSON.stringify(value)} is not a URL; give one like http://127.0.0.1:8080 or https://api.openai.com/v1`
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return `${JSON.stringify(value)} is not an http(s) URL`
  if (url.search !== '' || url.hash !== '') return `${JSON.stringify(value)} has a query or fragment; give the base URL only`
  if (url.username !== '' || url.password !== '') return `${JSON.stringify(value)} holds credentials; keys go in the environment of serve (OPENAI_API_KEY, …)`
  return undefined
}

/** The upstream for a provider's calls: its own, else `--upstream`, else the provider's API (none for `plain`). */
export function upstreamFor(upstreams: Upstreams, provider: ServedProvider): string | undefined {
  if (provider === 'plain') return upstreams.all
  return upstreams[provider] ?? upstreams.all ?? DEFAULT_UPSTREAMS[provider]
}

/**
 * The URL a request for `pathAndQuery` (as the client sent it to serve) goes to: the upstream's path, then the
 * request's. A base URL that ends in the segment the request's path starts with (`http://host:8080/v1` and
 * `/v1/chat/completions`) does not repeat it, so both an origin and an SDK-style base URL can be given.
 */
export function joinUpstream(base: string, pathAndQuery: string): string {
  const url = new URL(base)
  const request = new URL(pathAndQuery, 'http://serve.invalid')
  const basePath = url.pathname.replace(/\/+$/, '')
  const last = basePath.split('/').at(-1) ?? ''
  let path = request.pathname
  if (last !== '' && (path === `/${last}` || path.startsWith(`/${last}/`))) path = path.slice(last.length + 1)
  url.pathname = `${basePath}${path}`
  url.search = request.search
  return url.href
}
