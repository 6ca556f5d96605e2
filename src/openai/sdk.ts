import { untyped } from '../cassette/typed-value.js'
import { sseEventOf } from '../exchange/raw-bodies.js'
import { openaiFormat } from '../providers/openai/format.js'
import { openaiEndpoint } from '../providers/openai/route.js'
import { pathBelow, type StainlessSdk } from '../stainless/sdk.js'
import { isObject } from '../util/is-object.js'

/** The `openai` SDK (v4–v7) as the shared Stainless code sees it. */
export const openaiSdk: StainlessSdk = {
  clientName: 'OpenAI',
  wrapFunction: 'wrapOpenAI',
  keyEnvVar: 'OPENAI_API_KEY',
  sdkVersionField: 'openai_sdk_version',
  errorClassName: 'OpenAIError',
  format: openaiFormat,
  // `baseURL` + `/chat/completions` is `/v1/chat/completions` whatever the base URL (Azure, a proxy, a local server).
  endpointOf: (url, baseURL) => {
    const below = pathBelow(url, baseURL)
    return below === undefined ? url.pathname : openaiEndpoint(below)
  },
  credentialsOf: (client) => {
    const { apiKey } = client as { apiKey?: unknown }
    return typeof apiKey === 'string' && apiKey !== '' ? [apiKey] : []
  },
  // The SDK yields each event's JSON as it is, and throws on one carrying an `error`: that one takes the SSE path,
  // and so does a stream holding an event kept with its own framing.
  streamedValues: (chunks) => {
    if (chunks.some((chunk) => sseEventOf(chunk))) return undefined
    const values = chunks.map(untyped)
    return values.every((value) => isObject(value) && !value['error']) ? values : undefined
  },
}
