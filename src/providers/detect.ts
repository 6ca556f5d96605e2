import { anthropicRoute } from './anthropic/route.js'
import { googleRoute } from './google/route.js'
import { openaiRoute } from './openai/route.js'
import { plainFormat } from './plain/format.js'
import type { ProviderRoute } from './route.js'

export type { ProviderRoute } from './route.js'

/**
 * The provider a request goes to, from its URL (any host, any base path) and, for paths several APIs share, the
 * headers its client sends. Gemini's `models/{m}:{method}` first (its paths also end in `models/…`), then
 * Anthropic's Messages API, then the OpenAI API's operations; anything else is stored as it is, under its path.
 */
export function detectProvider(url: URL, headers: Headers): ProviderRoute {
  return googleRoute(url) ?? anthropicRoute(url, headers) ?? openaiRoute(url) ?? { format: plainFormat, endpoint: url.pathname }
}
