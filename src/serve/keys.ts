import { PLACEHOLDER_API_KEY } from '../safety/placeholder-key.js'
import type { ServedProvider } from './upstreams.js'

interface KeyRule {
  /** Request headers in which a client of this provider sends its key. */
  headers: readonly string[]
  /** A query parameter that carries the key (Gemini's `?key=`). */
  query?: string
  /** The environment variables of serve the key is read from, first set wins. */
  env: readonly string[]
  /** The header serve sends it in. */
  send: (key: string) => [name: string, value: string]
}

const KEY_RULES: Readonly<Record<Exclude<ServedProvider, 'plain'>, KeyRule>> = {
  // `api-key`: Azure OpenAI.
  openai: { headers: ['authorization', 'api-key'], env: ['OPENAI_API_KEY'], send: (key) => ['authorization', `Bearer ${key}`] },
  // The 0.x SDKs send `x-api-key`, 1.x `authorization: Bearer`.
  anthropic: { headers: ['x-api-key', 'authorization'], env: ['ANTHROPIC_API_KEY'], send: (key) => ['x-api-key', key] },
  google: {
    headers: ['x-goog-api-key'],
    query: 'key',
    env: ['GEMINI_API_KEY', 'GOOGLE_API_KEY', 'GOOGLE_GENERATIVE_AI_API_KEY'],
    send: (key) => ['x-goog-api-key', key],
  },
}

const isPlaceholder = (value: string) => value.replace(/^Bearer\s+/i, '').trim() === PLACEHOLDER_API_KEY

/** The key for `provider` in serve's environment, if one is set (the runners' placeholder does not count). */
function envKey(rule: KeyRule, env: NodeJS.ProcessEnv): string | undefined {
  for (const name of rule.env) {
    const value = env[name]?.trim()
    if (value && value !== PLACEHOLDER_API_KEY) return value
  }
  return undefined
}

/**
 * Gives a request serve's own key when the client sent none: the key stays with serve, and the app under test can
 * run with the runners' placeholder key (or any SDK's dummy). A client's own key is sent as it is. Changes
 * `headers` in place; the URL's `?key=` counts as a key sent.
 */
export function addServeKey(provider: ServedProvider, headers: Headers, url: URL, env: NodeJS.ProcessEnv): void {
  if (provider === 'plain') return
  const rule = KEY_RULES[provider]
  const sent = rule.headers.filter((name) => headers.has(name))
  const inQuery = rule.query !== undefined && (url.searchParams.get(rule.query) ?? '') !== ''
  const real = sent.filter((name) => !isPlaceholder(headers.get(name) ?? ''))
  if (real.length > 0 || inQuery) return
  const key = envKey(rule, env)
  // Without a key of its own, serve sends the placeholder on: a call that must go live is refused naming the variable.
  if (key === undefined) return
  for (const name of sent) headers.delete(name)
  headers.set(...rule.send(key))
}
