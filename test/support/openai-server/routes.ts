import { handleSpeech, handleTranscription, handleTranslation } from './audio.js'
import { handleBatchCancel, handleBatchCreate, handleBatchList, handleBatchRetrieve } from './batches.js'
import { handleChat } from './chat.js'
import { handleCompletions } from './completions.js'
import { handleEmbeddings } from './embeddings.js'
import { handleFileContent, handleFileDelete, handleFileList, handleFileRetrieve, handleFileUpload } from './files.js'
import { handleImageEdit, handleImageGeneration } from './images.js'
import { listModels, retrieveModel } from './models.js'
import { handleModerations } from './moderations.js'
import { handleResponses } from './responses.js'
import type { Handler } from './types.js'

/** `required`: a 400 without one; `none`: the route takes no model; otherwise the model used when the body has none. */
export type ModelRule = 'required' | 'none' | { fallback: string }

export interface Route {
  method: 'GET' | 'POST' | 'DELETE'
  /** Segments `:name` match one path segment, a last `*name` the rest of the path. */
  pattern: string
  model: ModelRule
  handler: Handler
}

const route = (method: Route['method'], pattern: string, model: ModelRule, handler: Handler): Route => ({
  method,
  pattern,
  model,
  handler,
})

export const ROUTES: Route[] = [
  route('POST', '/v1/chat/completions', 'required', handleChat),
  route('POST', '/v1/completions', 'required', handleCompletions),
  route('POST', '/v1/embeddings', 'required', handleEmbeddings),
  route('POST', '/v1/responses', 'required', handleResponses),
  route('GET', '/v1/models', 'none', listModels),
  route('GET', '/v1/models/*id', 'none', retrieveModel),
  route('POST', '/v1/images/generations', { fallback: 'dall-e-2' }, handleImageGeneration),
  route('POST', '/v1/images/edits', { fallback: 'dall-e-2' }, handleImageEdit),
  route('POST', '/v1/audio/speech', 'required', handleSpeech),
  route('POST', '/v1/audio/transcriptions', 'required', handleTranscription),
  route('POST', '/v1/audio/translations', 'required', handleTranslation),
  route('POST', '/v1/moderations', { fallback: 'omni-moderation-latest' }, handleModerations),
  route('POST', '/v1/files', 'none', handleFileUpload),
  route('GET', '/v1/files', 'none', handleFileList),
  route('GET', '/v1/files/:id', 'none', handleFileRetrieve),
  route('GET', '/v1/files/:id/content', 'none', handleFileContent),
  route('DELETE', '/v1/files/:id', 'none', handleFileDelete),
  route('POST', '/v1/batches', 'none', handleBatchCreate),
  route('GET', '/v1/batches', 'none', handleBatchList),
  route('GET', '/v1/batches/:id', 'none', handleBatchRetrieve),
  route('POST', '/v1/batches/:id/cancel', 'none', handleBatchCancel),
]

function matchPattern(pattern: string, path: string): Record<string, string> | null {
  const expected = pattern.split('/')
  const actual = path.split('/')
  const params: Record<string, string> = {}
  for (const [index, segment] of expected.entries()) {
    if (segment.startsWith('*')) {
      const rest = actual.slice(index).join('/')
      params[segment.slice(1)] = decodeURIComponent(rest)
      return params
    }
    const value = actual[index]
    if (value === undefined) return null
    if (segment.startsWith(':')) params[segment.slice(1)] = decodeURIComponent(value)
    else if (segment !== value) return null
  }
  return expected.length === actual.length ? params : null
}

export function findRoute(method: string, path: string): { route: Route; params: Record<string, string> } | undefined {
  for (const candidate of ROUTES) {
    if (candidate.method !== method) continue
    const params = matchPattern(candidate.pattern, path)
    if (params) return { route: candidate, params }
  }
  return undefined
}
