import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { CassetteMissError } from '../../src/errors.js'
import { cassetteOf, FUZZ_CASES } from './support/fuzz-cases.js'
import { replayFile, type Outcome } from './support/replay-file.js'

/**
 * `LLM_CASSETTES_FUZZ_SEED=random` (what .ci/run sets) draws a fresh seed; a number replays that seed; unset, the
 * fixed seed below keeps `npm test` deterministic. The seed is printed, so a failure can be run again.
 */
function fuzzSeed(): number {
  const setting = process.env['LLM_CASSETTES_FUZZ_SEED']
  if (setting === undefined || setting === '') return 20_261_130
  if (setting === 'random') return Math.floor(Math.random() * 2 ** 31)
  const seed = Number(setting)
  if (!Number.isInteger(seed)) throw new Error(`LLM_CASSETTES_FUZZ_SEED must be an integer or "random", got ${JSON.stringify(setting)}`)
  return seed
}

const SEED = fuzzSeed()
const RUNS = Number(process.env['LLM_CASSETTES_FUZZ_RUNS'] ?? 150)

type Path = (string | number)[]

/** Every place in a JSON value: each key of each object and each index of each array. */
function pathsOf(value: unknown, at: Path = [], into: Path[] = []): Path[] {
  if (typeof value !== 'object' || value === null) return into
  for (const [key, child] of Array.isArray(value) ? value.entries() : Object.entries(value)) {
    const path = [...at, key]
    into.push(path)
    pathsOf(child, path, into)
  }
  return into
}

/** Values no recorder writes but a hand-edited or hostile file can hold. */
const ODD_VALUES = [
  0,
  -1,
  1.5,
  99,
  100,
  204,
  304,
  600,
  1e21,
  -0,
  '',
  ' ',
  'x',
  'not base64 !!',
  '@@@',
  'a\r\nb',
  'a\u0000b',
  '\u202e',
  'é',
  'text/event-stream',
  'application/json',
  '{"a":',
  '[DONE]',
  'data: x',
  true,
  false,
  null,
  [],
  {},
  [null],
  { __type__: 'x' },
  { __type__: 'llm_cassettes.BinaryBody', __data__: {} },
  { __type__: 'llm_cassettes.TextBody', __data__: { text: 1 } },
]

const replacement = fc.oneof(fc.constantFrom(...ODD_VALUES), fc.jsonValue({ maxDepth: 2 }))

/**
 * Up to three edits: a value replaced somewhere, or a key or item removed. Most land in the response (an edit to
 * the request mostly makes a miss).
 */
function mutated(base: unknown): fc.Arbitrary<unknown> {
  const edit = fc.record({ at: fc.nat(), inResponse: fc.nat(3), remove: fc.boolean(), value: replacement })
  return fc.array(edit, { minLength: 1, maxLength: 3 }).map((edits) => {
    const copy = structuredClone(base)
    for (const { at, inResponse, remove, value } of edits) {
      const all = pathsOf(copy)
      const response = all.filter((path) => path[0] === 'interactions' && path[1] === 0 && path[2] === 'response' && path.length > 3)
      const paths = inResponse > 0 && response.length > 0 ? response : all
      if (paths.length === 0) break
      const path = paths[at % paths.length]!
      const parent = path.slice(0, -1).reduce<any>((node, key) => node[key], copy)
      const key = path[path.length - 1]!
      if (remove && Array.isArray(parent)) parent.splice(key as number, 1)
      else if (remove) delete parent[key]
      else parent[key] = value
    }
    return copy
  })
}

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'llm-cassettes-fuzz-'))
  console.log(`fuzz seed ${SEED} (LLM_CASSETTES_FUZZ_SEED=${SEED} runs these cases again), ${RUNS} cassettes per call`)
})
afterAll(() => rm(dir, { recursive: true, force: true }))

function describeOutcome(outcome: Outcome): string {
  if (outcome.kind !== 'other') return outcome.kind
  const error = outcome.error as Error
  return `${error?.constructor?.name}: ${error?.message}\n${error?.stack?.split('\n').slice(1, 6).join('\n')}`
}

describe.each(FUZZ_CASES)('$name: a cassette edited anyhow replays correctly or fails with one CassetteError naming it', (fuzz) => {
  test('the cassette as recorded replays', async () => {
    const { outcome } = await replayFile(dir, fuzz, cassetteOf(fuzz.interaction))
    expect(outcome.kind === 'replayed' || outcome.kind === 'api error', describeOutcome(outcome)).toBe(true)
  })

  test(`${RUNS} edited cassettes`, async () => {
    const seen = { replayed: 0, 'cassette error': 0, 'api error': 0 }
    await fc.assert(
      fc.asyncProperty(mutated(cassetteOf(fuzz.interaction)), async (cassette) => {
        const { outcome, path, session } = await replayFile(dir, fuzz, cassette)
        if (outcome.kind === 'other')
          throw new Error(`neither a replay nor a CassetteError: ${describeOutcome(outcome)}\ncassette: ${JSON.stringify(cassette)}`)
        seen[outcome.kind] += 1
        if (outcome.kind === 'cassette error') {
          expect(outcome.error.message, 'names the file').toContain(path)
          // Thrown once: the SDK did not retry into the cassette again (a retry would be served or missed once more).
          if (!(outcome.error instanceof CassetteMissError)) expect(session.summary().missed + session.summary().replayed).toBeLessThanOrEqual(1)
        }
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    )
    console.log(
      `${fuzz.name}: ${RUNS} edited cassettes: ${seen.replayed} replayed, ${seen['api error']} recorded API errors, ${seen['cassette error']} CassetteErrors naming the file`,
    )
  }, 120_000)
})
