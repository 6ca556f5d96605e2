import { nextCreatedAt } from './files.js'
import { badRequest, cursorPage, invalidRequest, isRecord, sendJson, stringField } from './shared.js'
import type { Call, Json, StoredBatch } from './types.js'

const DAY = 24 * 60 * 60
const NULL_TIMES = ['in_progress_at', 'finalizing_at', 'completed_at', 'failed_at', 'expired_at', 'cancelling_at', 'cancelled_at']

const requestLines = (bytes: Buffer | undefined): number =>
  bytes
    ? bytes
        .toString('utf8')
        .split('\n')
        .filter((line) => line.trim() !== '').length
    : 0

/** The batch as a retrieve sees it: completed, or cancelled once a cancel was asked for. */
function current(batch: StoredBatch): Json {
  const created = Number(batch.object.created_at)
  const counts = isRecord(batch.object.request_counts) ? batch.object.request_counts : {}
  const total = Number(counts.total ?? 0)
  if (batch.cancelled) {
    return { ...batch.object, status: 'cancelled', cancelling_at: created + 1, cancelled_at: created + 2 }
  }
  return {
    ...batch.object,
    status: 'completed',
    in_progress_at: created + 1,
    finalizing_at: created + 2,
    completed_at: created + 3,
    request_counts: { total, completed: total, failed: 0 },
  }
}

function storedBatch(call: Call): StoredBatch | undefined {
  const id = call.params.id ?? ''
  const batch = call.state.batches.get(id)
  if (!batch) sendJson(call.res, { status: 404, body: invalidRequest(`No batch found with id '${id}'.`, 'batch_id') })
  return batch
}

export function handleBatchCreate(call: Call): void {
  const inputFileId = stringField(call.body, 'input_file_id', '')
  const endpoint = stringField(call.body, 'endpoint', '')
  if (inputFileId === '') return sendJson(call.res, badRequest("Missing required parameter: 'input_file_id'.", 'input_file_id'))
  if (endpoint === '') return sendJson(call.res, badRequest("Missing required parameter: 'endpoint'.", 'endpoint'))
  const id = `batch_${call.hash.slice(0, 24)}`
  const createdAt = Number(call.state.batches.get(id)?.object.created_at ?? nextCreatedAt(call.state))
  const total = requestLines(call.state.files.get(inputFileId)?.bytes)
  const object: Json = {
    id,
    object: 'batch',
    endpoint,
    errors: null,
    input_file_id: inputFileId,
    completion_window: stringField(call.body, 'completion_window', '24h'),
    status: 'validating',
    output_file_id: null,
    error_file_id: null,
    created_at: createdAt,
    expires_at: createdAt + DAY,
    ...Object.fromEntries(NULL_TIMES.map((key) => [key, null])),
    request_counts: { total, completed: 0, failed: 0 },
    metadata: call.body.metadata ?? null,
  }
  call.state.batches.set(id, { object, cancelled: false })
  sendJson(call.res, { status: 200, body: object })
}

export function handleBatchRetrieve(call: Call): void {
  const batch = storedBatch(call)
  if (batch) sendJson(call.res, { status: 200, body: current(batch) })
}

export function handleBatchCancel(call: Call): void {
  const batch = storedBatch(call)
  if (!batch) return
  batch.cancelled = true
  const created = Number(batch.object.created_at)
  sendJson(call.res, { status: 200, body: { ...batch.object, status: 'cancelling', cancelling_at: created + 1 } })
}

/** Creation order; `limit` (default 20) and `after`. */
export function handleBatchList(call: Call): void {
  const batches = [...call.state.batches.values()].map(current)
  sendJson(call.res, { status: 200, body: cursorPage(batches, call.query, 20) })
}
