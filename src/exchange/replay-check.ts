import type { Interaction } from '../cassette/types.js'
import type { WireFormat } from '../cassette/wire-format.js'
import { isObject } from '../util/is-object.js'
import { BINARY_TYPE, TEXT_TYPE } from './raw-bodies.js'

/** What is wrong with a recorded interaction, and where in it (a JSON path from the interaction). */
export interface ReplayProblem {
  path: string
  problem: string
}

/** Statuses a response may not have a body with (the fetch standard's null-body statuses). */
export const NULL_BODY_STATUSES: ReadonlySet<number> = new Set([101, 103, 204, 205, 304])

const STRICT_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{2,3})?$/

const key = (name: string) => (/^[A-Za-z_$][\w$]*$/.test(name) ? `.${name}` : `[${JSON.stringify(name)}]`)

/** A header name: an HTTP token. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/
/** A value every `Headers` takes: tabs, spaces and the visible Latin-1 characters (no line break, no NUL, nothing above U+00FF). */
const PLAIN_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/

function headerProblem(name: string, value: string): string | undefined {
  // The common case without building a `Headers` (undici's costs microseconds per header, on every replay).
  if (TOKEN.test(name) && PLAIN_VALUE.test(value)) return undefined
  try {
    new Headers([[name, value]])
    return undefined
  } catch {
    return TOKEN.test(name)
      ? 'is not a value an HTTP header can have (it holds a line break, a NUL or another forbidden character)'
      : 'is not a header name an HTTP response can have'
  }
}

function rawBodyProblem(body: unknown): ReplayProblem | undefined {
  if (!isObject(body) || (body['__type__'] !== TEXT_TYPE && body['__type__'] !== BINARY_TYPE)) return undefined
  const data = body['__data__']
  if (!isObject(data)) return { path: '.response.body.__data__', problem: `must be an object (a ${body['__type__']} holds its content and content type)` }
  if (data['content_type'] !== undefined && typeof data['content_type'] !== 'string') {
    return { path: '.response.body.__data__.content_type', problem: 'must be a string' }
  }
  if (body['__type__'] === TEXT_TYPE) {
    return typeof data['text'] === 'string' ? undefined : { path: '.response.body.__data__.text', problem: 'must be a string' }
  }
  const base64 = data['base64']
  if (typeof base64 !== 'string') return { path: '.response.body.__data__.base64', problem: 'must be a string of base64' }
  return STRICT_BASE64.test(base64) ? undefined : { path: '.response.body.__data__.base64', problem: 'is not valid base64' }
}

/**
 * The first value of a recorded interaction that no HTTP response could have, or that the provider's format
 * cannot replay (without a format, chunks are not checked): checked before the interaction is replayed, so a hand-edited or damaged cassette fails with
 * its path instead of surfacing as an SDK error, a connection error or a hang.
 */
export function replayProblem(format: Pick<WireFormat, 'chunkProblem'> | undefined, interaction: Interaction): ReplayProblem | undefined {
  const { request, response } = interaction
  const status = response.status ?? 200
  if (!Number.isInteger(status) || status < 200 || status > 599) {
    return { path: '.response.status', problem: 'must be the status of a final HTTP response (an integer from 200 to 599)' }
  }
  for (const [name, value] of Object.entries(response.headers ?? {})) {
    if (typeof value !== 'string') return { path: `.response.headers${key(name)}`, problem: 'must be a string' }
    const problem = headerProblem(name, value)
    if (problem) return { path: `.response.headers${key(name)}`, problem }
  }
  if (response.is_exception) {
    const code = response.exception_data?.status_code
    if (!Number.isInteger(code) || (code as number) < 400 || (code as number) > 599) {
      return { path: '.response.exception_data.status_code', problem: 'must be an HTTP error status (an integer from 400 to 599)' }
    }
    return undefined
  }
  if (!response.is_streaming) return rawBodyProblem(response.body)
  const chunks = response.body as unknown[]
  for (const [index, chunk] of chunks.entries()) {
    const problem = format?.chunkProblem?.(request.endpoint, chunk)
    if (problem !== undefined) return { path: `.response.body[${index}]`, problem }
  }
  return undefined
}
