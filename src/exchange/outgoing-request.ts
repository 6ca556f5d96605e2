import type { RecordedRequest } from '../cassette/types.js'
import { canonicalFromRecorded, type CanonicalRequest } from '../match/canonical.js'
import type { Redactor } from '../safety/redaction.js'
import { sha256Hex } from '../util/hash.js'
import { tryParseJson } from '../util/parse-json.js'

/** A request the SDK is about to send, as the cassette sees it. */
export interface OutgoingRequest {
  canonical: CanonicalRequest
  recorded: RecordedRequest
  /**
   * What to send live: the SDK's own request init, or, when its body was a one-shot stream or form that had
   * to be read to be matched, the same request with the bytes that were read.
   */
  init: RequestInit | undefined
}

/** How an uploaded file appears in a stored request: never its bytes, only what identifies them. */
export interface UploadedFile {
  __file__: { filename: string; type: string; size: number; sha256: string }
}

/** A request body as matched and stored: its JSON, or the text itself when it is not JSON. */
function parseJsonText(text: string): unknown {
  const json = tryParseJson(text)
  return json === undefined ? text : json
}

async function describeFile(file: Blob & { name?: string }): Promise<UploadedFile> {
  const bytes = Buffer.from(await file.arrayBuffer())
  return {
    __file__: {
      filename: file.name ?? '',
      type: file.type,
      size: bytes.length,
      sha256: sha256Hex(bytes),
    },
  }
}

/** A multipart form as matchable JSON: each field's value, files by name, size and hash. */
async function formToJson(form: FormData): Promise<Record<string, unknown>> {
  const fields: Record<string, unknown[]> = {}
  for (const [name, value] of form.entries()) {
    ;(fields[name] ??= []).push(typeof value === 'string' ? value : await describeFile(value))
  }
  return Object.fromEntries(Object.entries(fields).map(([name, values]) => [name, values.length === 1 ? values[0] : values]))
}

/** The same headers, in the same form (openai v4 passes a plain object to node-fetch), with the body's type. */
function withContentType(headers: HeadersInit | undefined, contentType: string): HeadersInit {
  const stale = (name: string) => ['content-type', 'content-length'].includes(name.toLowerCase())
  if (headers instanceof Headers || Array.isArray(headers)) {
    const copy = new Headers(headers)
    copy.delete('content-length')
    if (contentType) copy.set('content-type', contentType)
    return copy
  }
  const copy = Object.fromEntries(Object.entries(headers ?? {}).filter(([name]) => !stale(name)))
  return contentType ? { ...copy, 'content-type': contentType } : copy
}

/**
 * Bodies that are not a string (multipart uploads: a `FormData` in openai v5+, an encoded Node stream in v4)
 * are read once, matched by their fields and file hashes, and sent live from the bytes read.
 */
async function readOneShotBody(url: string, init: RequestInit): Promise<{ body: unknown; init: RequestInit }> {
  const request = new Request(url, { method: init.method ?? 'POST', headers: init.headers, body: init.body, duplex: 'half' } as RequestInit)
  const contentType = request.headers.get('content-type') ?? ''
  const bytes = new Uint8Array(await request.arrayBuffer())
  const replayable: RequestInit = { ...init, body: bytes, headers: withContentType(init.headers, contentType) }
  if (contentType.startsWith('multipart/form-data')) {
    const form = await new Response(bytes, { headers: { 'content-type': contentType } }).formData()
    return { body: await formToJson(form), init: replayable }
  }
  const text = new TextDecoder().decode(bytes)
  return { body: parseJsonText(text), init: replayable }
}

/** How the adapter names what it sends. */
export interface RequestNaming {
  /** The API path as matched and stored, e.g. `/v1/chat/completions`, whatever host or base URL served it. */
  endpoint: string
  /** Stored as the request's `provider_metadata` (llama-stack's field), e.g. `{ openai_sdk_version: '6.1.0' }`. */
  providerMetadata?: Record<string, string>
  /** The model, where the API names it outside the body (Gemini puts it in the path); else the body's `model`. */
  model?: string
  /** Request headers that change what the API answers (`anthropic-beta`): stored and matched. Never a credential. */
  headers?: Record<string, string>
}

/** The request as stored and as matched: both come from the one redacted copy, so they cannot drift apart. */
export async function readOutgoingRequest(url: string, init: RequestInit | undefined, naming: RequestNaming, redactor: Redactor): Promise<OutgoingRequest> {
  const method = (init?.method ?? 'GET').toUpperCase()
  let body: unknown = {}
  let sendInit = init
  if (typeof init?.body === 'string') body = parseJsonText(init.body)
  else if (init?.body !== undefined && init.body !== null) ({ body, init: sendInit } = await readOneShotBody(url, init))
  const model = naming.model ?? (typeof body === 'object' && body !== null && 'model' in body ? String(body.model) : '')
  const recorded: RecordedRequest = { method, url, headers: { ...naming.headers }, body, endpoint: naming.endpoint, model }
  if (naming.providerMetadata) recorded.provider_metadata = naming.providerMetadata
  const redacted = redactor.request(recorded)
  return { canonical: canonicalFromRecorded(redacted), recorded: redacted, init: sendInit }
}
