import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { cassetteOf, FUZZ_CASES } from './support/fuzz-cases.js'
import { replayFile } from './support/replay-file.js'

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'llm-cassettes-impossible-'))
})
afterAll(() => rm(dir, { recursive: true, force: true }))

const named = (name: string) => FUZZ_CASES.find((fuzz) => fuzz.name === name)!

/** A case, one edit to its recorded response, and the JSON path and problem the error must name. */
const IMPOSSIBLE: [call: string, edit: (response: any) => void, path: string, problem: string][] = [
  ['chat completion', (r) => (r.status = 101), '.response.status', 'must be the status of a final HTTP response (an integer from 200 to 599)'],
  ['chat completion', (r) => (r.headers['x-request-id'] = 'a\r\nset-cookie: x'), '.response.headers["x-request-id"]', 'is not a value an HTTP header can have'],
  ['chat completion', (r) => (r.headers['bad name'] = 'x'), '.response.headers["bad name"]', 'is not a header name an HTTP response can have'],
  [
    'chat error 400',
    (r) => (r.exception_data.status_code = 200),
    '.response.exception_data.status_code',
    'must be an HTTP error status (an integer from 400 to 599)',
  ],
  ['audio speech (binary body)', (r) => (r.body.__data__.base64 = 'not base64!'), '.response.body.__data__.base64', 'is not valid base64'],
  ['audio speech (binary body)', (r) => (r.body.__data__ = 'AAAA'), '.response.body.__data__', 'must be an object'],
  ['chat stream', (r) => (r.body[1] = 'not json'), '.response.body[1]', "must be an object (a streamed event's JSON data)"],
  ['responses stream', (r) => (r.body[2].__data__ = 7), '.response.body[2]', "must be an object (a streamed event's JSON data)"],
  ['anthropic stream', (r) => delete r.body[3].__data__.type, '.response.body[3]', 'must be an event object with a one-line string `type`'],
]

test.each(IMPOSSIBLE)('%s: %s is one CassetteError naming the file and the JSON path, never retried', async (name, edit, path, problem) => {
  const fuzz = named(name)
  const cassette = cassetteOf(structuredClone(fuzz.interaction))
  edit(cassette.interactions[0]!.response)
  const { outcome, path: file, session } = await replayFile(dir, fuzz, cassette)
  expect(outcome.kind, JSON.stringify(outcome)).toBe('cassette error')
  const { error } = outcome as { error: Error & { code: string } }
  expect(error.code).toBe('ERR_CASSETTE_FORMAT')
  expect(error.message).toContain(`${file}: $.interactions[0]${path} ${problem}`)
  expect(error.message).not.toContain('Connection error')
  // The clients retry twice on connection errors: the cassette was read for one attempt only.
  expect(session.summary()).toMatchObject({ replayed: 0, missed: 0 })
})

test('a recorded 204 (a status that has no body) replays', async () => {
  const fuzz = named('chat completion')
  const cassette = cassetteOf(structuredClone(fuzz.interaction))
  cassette.interactions[0]!.response.status = 204
  const { outcome } = await replayFile(dir, fuzz, cassette)
  expect(outcome.kind).toBe('replayed')
})
