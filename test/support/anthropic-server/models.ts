import { errorBody, idPage, sendJson, timestamp } from './shared.js'
import type { Call, Json } from './types.js'

const MODELS: Json[] = ['claude-opus-4-1', 'claude-sonnet-4-5', 'claude-haiku-4-5', 'claude-3-7-sonnet', 'claude-3-5-haiku'].map((id, index) => ({
  type: 'model',
  id,
  display_name: id.replace(/-/g, ' '),
  created_at: timestamp(index),
}))

/** GET /v1/models: pages of `limit` (default 20) with `after_id`/`before_id`. */
export function listModels(call: Call): void {
  sendJson(call.res, { status: 200, body: idPage(MODELS, call.query, 20) })
}

export function retrieveModel(call: Call, requestId: string): void {
  const id = call.params.id ?? ''
  const model = MODELS.find((candidate) => candidate.id === id)
  if (model) return sendJson(call.res, { status: 200, body: model })
  sendJson(call.res, { status: 404, body: errorBody('not_found_error', `model: ${id}`, requestId) })
}
