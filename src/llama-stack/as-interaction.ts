import type { Interaction } from '../cassette/types.js'
import { isObject } from '../util/is-object.js'
import type { LlamaStackRecording } from './recording.js'

/**
 * The API path as this library matches it. Some Aug 2025 recordings store `/chat/completions` for a client
 * whose base URL ended in `/v1`; the URL shows the `/v1` the TypeScript SDK's endpoint has.
 */
export function normalizedEndpoint(endpoint: string, url: unknown): string {
  if (endpoint.startsWith('/v1/') || typeof url !== 'string') return endpoint
  try {
    return new URL(url).pathname.endsWith(`/v1${endpoint}`) ? `/v1${endpoint}` : endpoint
  } catch {
    return endpoint
  }
}

/**
 * The recording as an interaction the matcher and replay understand, or undefined when its request is not an
 * HTTP request (tool invocations, file processors and Gemini interactions store other shapes).
 */
export function asInteraction(recording: LlamaStackRecording): Interaction | undefined {
  const { request, response } = recording
  if (typeof request['method'] !== 'string' || typeof request['endpoint'] !== 'string' || !('body' in request)) return undefined
  if (!('body' in response)) return undefined
  const endpoint = normalizedEndpoint(request['endpoint'], request['url'])
  const interaction = {
    ...recording,
    request: { ...request, endpoint, headers: {} },
    response: { ...response, is_streaming: response.is_streaming === true },
  } as Interaction
  if (interaction.response.is_streaming && !Array.isArray(interaction.response.body)) return undefined
  if (interaction.response.is_exception && !isObject(interaction.response.exception_data)) return undefined
  return interaction
}

/** A stored model list (`/v1/models`, a list of `openai.types.model.Model`), which llama-stack merges across files. */
export function isModelList(interaction: Interaction): boolean {
  return interaction.request.endpoint === '/v1/models' && !interaction.response.is_exception && Array.isArray(interaction.response.body)
}
