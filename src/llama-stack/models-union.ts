import type { Interaction } from '../cassette/types.js'

function modelId(model: unknown): unknown {
  const data = typeof model === 'object' && model !== null && '__data__' in model ? model.__data__ : model
  return typeof data === 'object' && data !== null && 'id' in data ? data.id : JSON.stringify(data)
}

/**
 * One `GET /v1/models` interaction listing every model of the given model-list recordings, first occurrence
 * of each id kept, in the order given. llama-stack stores these lists as `POST /v1/models {}` per provider and
 * merges them on replay; the TypeScript SDK lists models with a GET.
 */
export function modelsUnion(lists: readonly Interaction[]): Interaction | undefined {
  const first = lists[0]
  if (!first) return undefined
  const seen = new Set<unknown>()
  const models: unknown[] = []
  for (const list of lists) {
    for (const model of list.response.body as unknown[]) {
      const id = modelId(model)
      if (seen.has(id)) continue
      seen.add(id)
      models.push(model)
    }
  }
  return {
    request: { ...first.request, method: 'GET', body: {} },
    response: { body: models, is_streaming: false },
  }
}
