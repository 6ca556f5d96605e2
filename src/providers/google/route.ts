import type { ProviderRoute } from '../route.js'
import { googleFormat } from './format.js'

/** `…/models/{model}:{method}` (or `tunedModels/…`), after any base path (a Vertex project and location included). */
const MODEL_METHOD = /\/(models|tunedModels)\/([^/:]+):([A-Za-z]+)$/
/** The API version, the first path segment shaped like one (`v1`, `v1beta`, `v1alpha`). */
const VERSION = /^v\d+(?:alpha|beta)?\d*$/

/**
 * Tool-call ids the Vercel AI SDK invents when Gemini sends none (`functionCall.id`, echoed back as
 * `functionResponse.id`): random per run, so they are matched and stored as `[REDACTED]`.
 */
const INVENTED_IDS = ['functionCall', 'functionResponse'].map((part) => `request.body.contents[*].parts[*].${part}.id`)

/**
 * Gemini on any host: `/v1beta/models/gemini-2.5-flash:generateContent` keeps its version, model and method; a
 * Vertex path (`/v1/projects/p/locations/l/publishers/google/models/m:generateContent`) drops where it ran.
 */
export function googleRoute(url: URL): ProviderRoute | undefined {
  const found = MODEL_METHOD.exec(url.pathname)
  if (!found) return undefined
  const [, collection, model, method] = found
  const version = url.pathname.split('/').find((segment) => VERSION.test(segment)) ?? 'v1beta'
  return {
    format: googleFormat,
    endpoint: `/${version}/${collection}/${model}:${method}`,
    model: decodeURIComponent(model!),
    keyEnvVar: 'GEMINI_API_KEY (@google/genai) or GOOGLE_GENERATIVE_AI_API_KEY (@ai-sdk/google)',
    redact: { paths: INVENTED_IDS },
  }
}
