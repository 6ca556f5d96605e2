import stableStringify from 'json-stable-stringify'
import { CassetteError } from '../errors.js'
import { CASSETTE_VERSION, type Cassette, type Interaction } from './types.js'

/** Sorted keys, 2-space indent, trailing newline: the same cassette always has the same bytes. */
export function serializeCassette(cassette: Cassette): string {
  return `${stableStringify(cassette, { space: 2, collapseEmpty: true })}\n`
}

/** Parses and checks a cassette file's text; every problem names the file and the JSON path. */
export function parseCassette(text: string, file: string): Cassette {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    throw new CassetteError(`${file} is not valid JSON (${(error as Error).message}). Fix or delete the file; it was not changed.`, {
      code: 'ERR_CASSETTE_PARSE',
      cassettePath: file,
    })
  }
  return checkCassette(value, file)
}

function fail(file: string, path: string, problem: string): never {
  throw new CassetteError(`${file}: ${path} ${problem}. Fix or delete the file; it was not changed.`, {
    code: 'ERR_CASSETTE_FORMAT',
    cassettePath: file,
  })
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function checkCassette(value: unknown, file: string): Cassette {
  if (!isObject(value)) fail(file, '$', 'must be an object with "version", "test" and "interactions"')
  if (value['version'] !== CASSETTE_VERSION) {
    fail(file, '$.version', `must be ${CASSETTE_VERSION} (found ${JSON.stringify(value['version'])})`)
  }
  if (typeof value['test'] !== 'string') fail(file, '$.test', 'must be a string')
  const interactions = value['interactions']
  if (!Array.isArray(interactions)) fail(file, '$.interactions', 'must be an array')
  interactions.forEach((interaction, index) => checkInteraction(interaction, file, `$.interactions[${index}]`))
  return value as unknown as Cassette
}

export function checkInteraction(value: unknown, file: string, path: string): asserts value is Interaction {
  if (!isObject(value)) fail(file, path, 'must be an object with "request" and "response"')
  const request = value['request']
  const response = value['response']
  if (!isObject(request)) fail(file, `${path}.request`, 'is missing or not an object')
  if (!isObject(response)) fail(file, `${path}.response`, 'is missing or not an object')
  for (const key of ['method', 'endpoint'] as const) {
    if (typeof request[key] !== 'string') fail(file, `${path}.request.${key}`, 'must be a string')
  }
  if (!('body' in request)) fail(file, `${path}.request.body`, 'is missing')
  if (!('body' in response)) fail(file, `${path}.response.body`, 'is missing')
  if (typeof response['is_streaming'] !== 'boolean') fail(file, `${path}.response.is_streaming`, 'must be a boolean')
  if (response['is_streaming'] === true && !Array.isArray(response['body'])) {
    fail(file, `${path}.response.body`, 'must be a list of chunks when is_streaming is true')
  }
  if (response['is_exception'] === true) {
    const data = response['exception_data']
    if (!isObject(data)) fail(file, `${path}.response.exception_data`, 'must be an object when is_exception is true')
    if (typeof data['status_code'] !== 'number') {
      fail(file, `${path}.response.exception_data.status_code`, 'must be a number')
    }
  }
}
