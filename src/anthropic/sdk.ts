import { untyped } from '../cassette/typed-value.js'
import { sseEventOf } from '../exchange/raw-bodies.js'
import { anthropicFormat } from '../providers/anthropic/format.js'
import { EVENT_TYPES } from '../providers/anthropic/python-types.js'
import { pathBelow, type StainlessSdk } from '../stainless/sdk.js'
import { isObject } from '../util/is-object.js'

/** The `@anthropic-ai/sdk` client (0.x and 1.x) as the shared Stainless code sees it. */
export const anthropicSdk: StainlessSdk = {
  clientName: 'Anthropic',
  wrapFunction: 'wrapAnthropic',
  keyEnvVar: 'ANTHROPIC_API_KEY',
  sdkVersionField: 'anthropic_sdk_version',
  errorClassName: 'AnthropicError',
  format: anthropicFormat,
  // The base URL holds no API version (`https://api.anthropic.com`): the path is the endpoint, `/v1/messages`.
  endpointOf: (url, baseURL) => pathBelow(url, baseURL) ?? url.pathname,
  credentialsOf: (client) => {
    const { apiKey, authToken } = client as { apiKey?: unknown; authToken?: unknown }
    return [apiKey, authToken].filter((value): value is string => typeof value === 'string' && value !== '')
  },
  // The SDK's Stream yields the data of the message events, skips `ping`, and throws on `error`: a stream holding an
  // error, or an event kept with its own framing, replays through the SSE body so the SDK handles it as live.
  streamedValues: (chunks) => {
    const values: unknown[] = []
    for (const chunk of chunks) {
      if (sseEventOf(chunk)) return undefined
      const data = untyped(chunk)
      if (!isObject(data)) return undefined
      if (data['type'] === 'ping') continue
      if (typeof data['type'] !== 'string' || !(data['type'] in EVENT_TYPES)) return undefined
      values.push(data)
    }
    return values
  },
}
