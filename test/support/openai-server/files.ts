import { CREATED, badRequest, cursorPage, invalidRequest, sendBytes, sendJson, sha256, stringField } from './shared.js'
import type { Call, Json, ServerState, StoredFile } from './types.js'

const SEED_COUNT = 5
const PURPOSES = ['assistants', 'batch', 'fine-tune', 'vision', 'user_data', 'evals']

function seedLine(n: number): string {
  const body = { model: 'gpt-4o-mini', messages: [{ role: 'user', content: `seed ${n}` }] }
  return `${JSON.stringify({ custom_id: `seed-${n}`, method: 'POST', url: '/v1/chat/completions', body })}\n`
}

/** `file-seed-1` … `file-seed-5`: `seed-<n>.jsonl`, one batch request line each, purpose `batch`. */
export function seedFiles(): Map<string, StoredFile> {
  const seeds = Array.from({ length: SEED_COUNT }, (_, i): StoredFile => {
    const n = i + 1
    return { id: `file-seed-${n}`, filename: `seed-${n}.jsonl`, purpose: 'batch', createdAt: CREATED + n, bytes: Buffer.from(seedLine(n)) }
  })
  return new Map(seeds.map((file) => [file.id, file]))
}

export function fileObject(file: StoredFile): Json {
  return {
    id: file.id,
    object: 'file',
    bytes: file.bytes.length,
    created_at: file.createdAt,
    filename: file.filename,
    purpose: file.purpose,
    status: 'processed',
    expires_at: null,
    status_details: null,
  }
}

const noSuchFile = (id: string) => ({ status: 404, body: invalidRequest(`No such File object: ${id}`, 'id') })

function storedFile(call: Call): StoredFile | undefined {
  const file = call.state.files.get(call.params.id ?? '')
  if (!file) sendJson(call.res, noSuchFile(call.params.id ?? ''))
  return file
}

export const nextCreatedAt = (state: ServerState): number => CREATED + 1000 + (state.sequence += 1)

/** Uploading the same name and bytes again gives the same id and replaces the entry where it stands. */
export function handleFileUpload(call: Call): void {
  const upload = call.uploads.file?.[0]
  if (!upload) return sendJson(call.res, badRequest("Missing required parameter: 'file'.", 'file'))
  const purpose = stringField(call.body, 'purpose', '')
  if (!PURPOSES.includes(purpose)) {
    return sendJson(call.res, badRequest(`'${purpose}' is not one of ${PURPOSES.join(', ')} - 'purpose'`, 'purpose'))
  }
  const id = `file-${sha256(`${upload.filename}\0${upload.sha256}`).slice(0, 24)}`
  const createdAt = call.state.files.get(id)?.createdAt ?? nextCreatedAt(call.state)
  const file: StoredFile = { id, filename: upload.filename, purpose, createdAt, bytes: upload.bytes }
  call.state.files.set(id, file)
  sendJson(call.res, { status: 200, body: fileObject(file) })
}

/** Creation order (`order=desc` reverses it); `purpose`, `limit` (default 10000) and `after` as the API takes them. */
export function handleFileList(call: Call): void {
  const purpose = call.query.get('purpose')
  const files = [...call.state.files.values()].filter((file) => purpose === null || file.purpose === purpose)
  if (call.query.get('order') === 'desc') files.reverse()
  sendJson(call.res, { status: 200, body: cursorPage(files.map(fileObject), call.query, 10000) })
}

export function handleFileRetrieve(call: Call): void {
  const file = storedFile(call)
  if (file) sendJson(call.res, { status: 200, body: fileObject(file) })
}

export function handleFileContent(call: Call): void {
  const file = storedFile(call)
  if (file) sendBytes(call.res, 'application/octet-stream', file.bytes)
}

export function handleFileDelete(call: Call): void {
  const file = storedFile(call)
  if (!file) return
  call.state.files.delete(file.id)
  sendJson(call.res, { status: 200, body: { id: file.id, object: 'file', deleted: true } })
}
