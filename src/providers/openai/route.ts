import type { ProviderRoute } from '../route.js'
import { openaiFormat } from './format.js'

/**
 * The operations of the OpenAI API (and of every OpenAI-compatible server), recognised by how a path ends, after
 * whatever base path the server uses (`/v1`, `/openai/v1`, `/api/v1`, `/v1beta/openai`, none): an Azure
 * deployment segment may come before them.
 */
const OPERATION = new RegExp(
  '(/deployments/[^/]+)?/(' +
    [
      'chat/completions',
      'completions',
      'embeddings',
      'responses(?:/[^/]+(?:/cancel|/input_items)?)?',
      'models(?:/[^:]+)?',
      'moderations',
      'images/(?:generations|edits|variations)',
      'audio/(?:speech|transcriptions|translations)',
      'files(?:/[^/]+(?:/content)?)?',
      'batches(?:/[^/]+(?:/cancel)?)?',
    ].join('|') +
    ')$',
)

/** `baseURL` + `/chat/completions` is `/v1/chat/completions`, whatever the base URL (Azure, a proxy, a local server). */
export function openaiEndpoint(pathBelowBase: string): string {
  return `/v1${pathBelowBase}`
}

/** An OpenAI-shaped path on any host: typed as the `openai` SDK's classes, under `/v1/…`. */
export function openaiRoute(url: URL): ProviderRoute | undefined {
  const found = OPERATION.exec(url.pathname)
  if (!found) return undefined
  return { format: openaiFormat, endpoint: openaiEndpoint(`${found[1] ?? ''}/${found[2]}`), keyEnvVar: 'OPENAI_API_KEY' }
}
