import type { RecordedRequest } from '../cassette/types.js'
import { untyped } from '../cassette/typed-value.js'
import { sseEventOf } from '../exchange/raw-bodies.js'
import { anthropicBetaFormat, anthropicFormat } from '../providers/anthropic/format.js'
import { MESSAGE_EVENTS } from '../providers/anthropic/python-types.js'
import { pathBelow, type StainlessSdk } from '../stainless/sdk.js'
import { isObject } from '../util/is-object.js'

/**
 * A call through the SDK's `beta` resources: 0.x marks it `?beta=true`; 1.x sends no marker, only the
 * `anthropic-beta` header when the call names betas (a beta call without any looks like a plain one).
 */
function isBeta(request: RecordedRequest): boolean {
  if (request.headers['anthropic-beta'] !== undefined) return true
  try {
    return new URL(request.url).searchParams.get('beta') === 'true'
  } catch {
    return false
  }
}

/** The `@anthropic-ai/sdk` client (0.39 to 1.x) as the shared Stainless code sees it. */
export const anthropicSdk: StainlessSdk = {
  clientName: 'Anthropic',
  wrapFunction: 'wrapAnthropic',
  keyEnvVar: 'ANTHROPIC_API_KEY',
  sdkVersionField: 'anthropic_sdk_version',
  errorClassName: 'AnthropicError',
  format: anthropicFormat,
  formatFor: (request) => (isBeta(request) ? anthropicBetaFormat : anthropicFormat),
  // `betas: [...]` is sent as this header, not in the body: a call with other betas is another request.
  matchedHeaders: ['anthropic-beta'],
  // The base URL holds no API version (`https://api.anthropic.com`): the path is the endpoint, `/v1/messages`.
  // A batch's `results_url` may be on another host: its path is the endpoint then.
  endpointOf: (url, baseURL) => pathBelow(url, baseURL) ?? url.pathname,
  credentialsOf: (client) => {
    const { apiKey, authToken } = client as { apiKey?: unknown; authToken?: unknown }
    return [apiKey, authToken].filter((value): value is string => typeof value === 'string' && value !== '')
  },
  // Every SDK version yields the six message events' data and skips `ping`; 0.137+ also yield unknown named
  // events and the older ones drop them; all throw on `error`. A stream holding anything but the six (or an
  // event kept with its own framing) replays through its SSE body, so the SDK version decides as it does live.
  streamedValues: (chunks) => {
    const values: unknown[] = []
    for (const chunk of chunks) {
      if (sseEventOf(chunk)) return undefined
      const data = untyped(chunk)
      if (!isObject(data)) return undefined
      if (data['type'] === 'ping') continue
      if (typeof data['type'] !== 'string' || !MESSAGE_EVENTS.has(data['type'])) return undefined
      values.push(data)
    }
    return values
  },
}
