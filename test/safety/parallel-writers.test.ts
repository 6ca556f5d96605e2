import { afterAll, beforeAll, expect, test } from 'vitest'
import { parseCassette } from '../../src/cassette/serialize.js'
import { FixtureProject } from '../support/fixture-project.js'
import { startOpenAIServer, type OpenAIServer } from '../support/openai-server.js'

const WORKERS = 4
const TESTS = 25
const CALLS = 2
const sharedCassetteOf = (n: number) => (n % 5 === 0 ? `shared/group-${n % 2}.json` : undefined)

let server: OpenAIServer
let project: FixtureProject
beforeAll(async () => {
  server = await startOpenAIServer()
  project = await FixtureProject.create('parallel')
})
afterAll(async () => {
  await server.close()
  await project.remove()
})

/** Every request the suite makes, by the cassette it must end up in. */
function expectedContents(): Map<string, string[]> {
  const expected = new Map<string, string[]>()
  for (let w = 1; w <= WORKERS; w++) {
    for (let n = 0; n < TESTS; n++) {
      const file = sharedCassetteOf(n) ?? `tests/worker-${w}.test.ts/worker-${w} › test ${n}.json`
      const list = expected.get(file) ?? []
      for (let call = 0; call < CALLS; call++) list.push(`worker-${w} ${n} ${call}`)
      expected.set(file, list)
    }
  }
  return expected
}

async function contentsOnDisk(): Promise<Map<string, string[]>> {
  const found = new Map<string, string[]>()
  for (const [file, text] of Object.entries(await project.cassetteTexts())) {
    const cassette = parseCassette(text, file) // every cassette parses
    found.set(
      file,
      cassette.interactions.map((i) => (i.request.body as { messages: { content: string }[] }).messages[0]!.content),
    )
  }
  return found
}

test(`${WORKERS} workers × ${TESTS} concurrent tests, recording at once, then re-recording at once: every interaction on disk, every cassette parses`, async () => {
  const expected = expectedContents()
  const total = [...expected.values()].reduce((sum, list) => sum + list.length, 0)
  const env = { OPENAI_BASE_URL: server.url, OPENAI_API_KEY: 'sk-test-parallel-0123456789' }
  const figures: string[] = []
  // The second run re-records every call (LLM_CASSETTES_MODE=record): all writers write again at once.
  for (const mode of [undefined, 'record']) {
    const before = server.requests.length
    const run = await project.run([], { ...env, LLM_CASSETTES_MODE: mode })
    expect(run.output).toContain(`Tests  ${WORKERS * TESTS} passed (${WORKERS * TESTS})`)
    expect(server.requests.length - before).toBe(total)
    const found = await contentsOnDisk()
    expect([...found.keys()].sort()).toEqual([...expected.keys()].sort())
    let onDisk = 0
    for (const [file, contents] of expected) {
      // Order within a shared cassette depends on who wrote first; the set must be exact, with no duplicates.
      expect([...found.get(file)!].sort(), file).toEqual([...contents].sort())
      onDisk += found.get(file)!.length
    }
    figures.push(`${mode ? 'run 2 (record)' : 'run 1'}: ${onDisk}/${total} interactions in ${found.size} cassettes`)
  }
  console.log(`parallel writers: ${WORKERS} workers × ${TESTS} concurrent tests, 2 shared cassettes; ${figures.join('; ')}; all parse`)
}, 240_000)
