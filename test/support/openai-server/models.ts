import { CREATED, invalidRequest, sendJson } from './shared.js'
import type { Call } from './types.js'

const MODELS = ['gpt-4o-mini', 'gpt-4o', 'text-embedding-3-small'].map((id) => ({
  id,
  object: 'model',
  created: CREATED,
  owned_by: 'system',
}))

export function listModels(call: Call): void {
  sendJson(call.res, { status: 200, body: { object: 'list', data: MODELS } })
}

export function retrieveModel(call: Call): void {
  const id = call.params.id ?? ''
  const model = MODELS.find((candidate) => candidate.id === id)
  if (model) return sendJson(call.res, { status: 200, body: model })
  sendJson(call.res, { status: 404, body: invalidRequest(`The model '${id}' does not exist`, 'model', 'model_not_found') })
}
