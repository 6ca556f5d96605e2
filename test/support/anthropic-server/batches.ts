import { batchMessage } from './messages.js'
import { errorBody, idPage, isRecord, records, sendJson, timestamp } from './shared.js'
import type { Call, Json, StoredBatch } from './types.js'

const EMPTY_COUNTS = { processing: 0, succeeded: 0, errored: 0, canceled: 0, expired: 0 }

/** The batch as a retrieve sees it: ended (or canceled) at once, its results on the results origin. */
function current(call: Call, batch: StoredBatch, status: 'in_progress' | 'canceling' | 'ended' = 'ended'): Json {
  const total = batch.requests.length
  const ended = status === 'ended'
  const counts = ended ? { ...EMPTY_COUNTS, [batch.canceled ? 'canceled' : 'succeeded']: total } : { ...EMPTY_COUNTS, processing: total }
  return {
    id: batch.id,
    type: 'message_batch',
    processing_status: status,
    request_counts: counts,
    created_at: batch.createdAt,
    expires_at: timestamp(59),
    ended_at: ended ? timestamp(30) : null,
    archived_at: null,
    cancel_initiated_at: batch.canceled ? timestamp(20) : null,
    results_url: ended ? `${call.resultsOrigin}/v1/messages/batches/${batch.id}/results` : null,
  }
}

function stored(call: Call, requestId: string): StoredBatch | undefined {
  const id = call.params.id ?? ''
  const batch = call.state.batches.get(id)
  if (!batch) sendJson(call.res, { status: 404, body: errorBody('not_found_error', `message_batch: ${id}`, requestId) })
  return batch
}

export function createBatch(call: Call, requestId: string): void {
  const requests = records(call.body.requests)
  if (requests.length === 0) return sendJson(call.res, { status: 400, body: errorBody('invalid_request_error', 'requests: Field required', requestId) })
  const id = `msgbatch_${call.hash.slice(0, 24)}`
  const batch: StoredBatch = { id, requests, createdAt: timestamp(call.state.batches.size + 1), canceled: false }
  call.state.batches.set(id, batch)
  sendJson(call.res, { status: 200, body: current(call, batch, 'in_progress') })
}

export function retrieveBatch(call: Call, requestId: string): void {
  const batch = stored(call, requestId)
  if (batch) sendJson(call.res, { status: 200, body: current(call, batch) })
}

export function cancelBatch(call: Call, requestId: string): void {
  const batch = stored(call, requestId)
  if (!batch) return
  batch.canceled = true
  sendJson(call.res, { status: 200, body: current(call, batch, 'canceling') })
}

export function deleteBatch(call: Call, requestId: string): void {
  const batch = stored(call, requestId)
  if (!batch) return
  call.state.batches.delete(batch.id)
  sendJson(call.res, { status: 200, body: { id: batch.id, type: 'message_batch_deleted' } })
}

export function listBatches(call: Call): void {
  const batches = [...call.state.batches.values()].map((batch) => current(call, batch))
  sendJson(call.res, { status: 200, body: idPage(batches, call.query, 20) })
}

/** The results file, served from the results origin: one JSON object per line. */
export function batchResults(call: Call, requestId: string): void {
  const batch = stored(call, requestId)
  if (!batch) return
  const lines = batch.requests.map((request) => {
    const customId = String(request.custom_id)
    const params = isRecord(request.params) ? request.params : {}
    const result = batch.canceled ? { type: 'canceled' } : { type: 'succeeded', message: batchMessage(call, params, customId) }
    return JSON.stringify({ custom_id: customId, result })
  })
  call.res.writeHead(200, { 'content-type': 'application/binary' })
  call.res.end(`${lines.join('\n')}\n`)
}
