import type { IncomingMessage } from 'node:http'
import { sha256 } from './shared.js'
import type { Json, Upload } from './types.js'

export type ParsedBody = { ok: true; value: unknown; uploads: Record<string, Upload[]>; canonical: Buffer } | { ok: false; message: string }

/** Where a request goes: its `/v1` path, and the deployment when it came by an Azure route. */
export interface ApiPath {
  path: string
  deployment: string | null
}

const AZURE_DEPLOYMENT = /^\/openai\/deployments\/([^/]+)(\/.*)$/

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}

function parseJson(raw: Buffer): ParsedBody {
  const text = raw.toString('utf8')
  const parsed = (value: unknown): ParsedBody => ({ ok: true, value, uploads: {}, canonical: raw })
  if (text.trim() === '') return parsed(null)
  try {
    return parsed(JSON.parse(text) as unknown)
  } catch {
    return { ok: false, message: 'We could not parse the JSON body of your request.' }
  }
}

function addField(fields: Json, name: string, value: unknown): void {
  const previous = fields[name]
  if (previous === undefined) fields[name] = value
  else fields[name] = Array.isArray(previous) ? [...previous, value] : [previous, value]
}

/**
 * Multipart bodies go through the platform's own parser (undici's `Response.formData()`).
 * The fields are recorded with each file as `{ filename, type, size, sha256 }`; since the
 * boundary is random, the canonical form hashed for ids is that record, not the raw body.
 */
async function parseMultipart(raw: Buffer, contentType: string): Promise<ParsedBody> {
  let form: FormData
  try {
    form = await new Response(new Uint8Array(raw), { headers: { 'content-type': contentType } }).formData()
  } catch {
    return { ok: false, message: 'We could not parse the multipart body of your request.' }
  }
  const entries: Array<[string, FormDataEntryValue]> = []
  form.forEach((value, name) => entries.push([name, value]))
  const fields: Json = {}
  const uploads: Record<string, Upload[]> = {}
  for (const [name, value] of entries) {
    if (typeof value === 'string') {
      addField(fields, name, value)
      continue
    }
    const bytes = Buffer.from(await value.arrayBuffer())
    const upload: Upload = { filename: value.name, type: value.type, bytes, sha256: sha256(bytes) }
    ;(uploads[name] ??= []).push(upload)
    addField(fields, name, { filename: upload.filename, type: upload.type, size: bytes.length, sha256: upload.sha256 })
  }
  return { ok: true, value: fields, uploads, canonical: Buffer.from(JSON.stringify(fields)) }
}

export function parseBody(raw: Buffer, contentType: string | undefined): Promise<ParsedBody> | ParsedBody {
  if (contentType !== undefined && /^multipart\/form-data\b/i.test(contentType)) return parseMultipart(raw, contentType)
  return parseJson(raw)
}

/** `/openai/deployments/<name>/<rest>` and `/openai/<rest>` (Azure) are `/v1/<rest>`. */
export function apiPath(pathname: string): ApiPath {
  const deployment = AZURE_DEPLOYMENT.exec(pathname)
  if (deployment) return { path: `/v1${deployment[2]}`, deployment: decodeURIComponent(deployment[1] ?? '') }
  if (pathname.startsWith('/openai/')) return { path: `/v1${pathname.slice('/openai'.length)}`, deployment: null }
  return { path: pathname, deployment: null }
}

export const isAzurePath = (pathname: string): boolean => pathname.startsWith('/openai/')

/** OpenAI takes `Authorization: Bearer <key>`; Azure routes also take `api-key: <key>`. */
export function isAuthorized(req: IncomingMessage, azure: boolean): boolean {
  if (/^Bearer\s+\S+/i.test(req.headers.authorization ?? '')) return true
  const apiKey = req.headers['api-key']
  return azure && typeof apiKey === 'string' && apiKey.trim() !== ''
}
