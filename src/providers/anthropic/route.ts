import type { ProviderRoute } from '../route.js'
import { anthropicFormat } from './format.js'

/** The Messages API (`/v1/messages`, its token count and batches), after any base path. */
const MESSAGES = /(?<!\/threads\/[^/]+)\/(messages(?:\/count_tokens|\/batches(?:\/[^/]+(?:\/results|\/cancel)?)?)?)$/
/** Paths the OpenAI API has too (`/v1/models`): Anthropic's when the client sends `anthropic-version`. */
const SHARED = /\/(models(?:\/[^/]+)?)$/

/** Anthropic's API on any host: typed as the `anthropic` SDK's classes, under `/v1/…`. */
export function anthropicRoute(url: URL, headers: Headers): ProviderRoute | undefined {
  const found = MESSAGES.exec(url.pathname) ?? (headers.has('anthropic-version') ? SHARED.exec(url.pathname) : null)
  if (!found) return undefined
  return { format: anthropicFormat, endpoint: `/v1/${found[1]}`, keyEnvVar: 'ANTHROPIC_API_KEY' }
}
