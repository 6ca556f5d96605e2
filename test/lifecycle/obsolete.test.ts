import { rm } from 'node:fs/promises'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { FixtureProject } from '../support/fixture-project.js'
import { startOpenAIServer, type OpenAIServer } from '../support/openai-server.js'
import { API_KEY, interactionPrompts, readReport, summaryLineOf } from './support.js'

const ALL = ['chat.test.ts/one.json', 'chat.test.ts/three.json', 'chat.test.ts/two.json', 'other.test.ts/other.json']
const NOTES = 'chat.test.ts/notes.json'

// One fixture project: record, then change the tests and watch what is reported obsolete and what -u removes.
describe('obsolete cassettes', () => {
  let project: FixtureProject
  let server: OpenAIServer
  let live: Record<string, string>

  beforeAll(async () => {
    project = await FixtureProject.create('lifecycle')
    server = await startOpenAIServer()
    live = { OPENAI_BASE_URL: server.url, OPENAI_API_KEY: API_KEY }
    const record = await project.run([], { ...live, TWO_CALLS: '1' })
    expect(record.code, record.output).toBe(0)
    expect(await project.cassettes()).toEqual(ALL)
    // Not a cassette: never reported, never deleted.
    await project.write(`cassettes/${NOTES}`, '{ "note": "kept by hand" }\n')
  })

  afterAll(async () => {
    await server.close()
    await project.remove()
  })

  test('a run that uses everything reports nothing obsolete and keeps the default reporter', async () => {
    const run = await project.run([], { CI: 'true', TWO_CALLS: '1' })
    expect(run.output).toContain('Tests  4 passed (4)')
    expect(run.output).not.toContain('Obsolete cassettes')
    expect(await readReport(project)).toMatchObject({ complete: true, obsolete: [], obsoleteInteractions: {} })
  })

  test('a removed test and an interaction no longer asked for are reported, per file, in the output and the report', async () => {
    const run = await project.run([], { CI: 'true', DROP: 'three' })
    expect(run.code, run.output).toBe(0)
    const lines = run.stdout.split('\n')
    const heading = lines.findIndex((line) => line.includes('Obsolete cassettes: 2'))
    expect(heading).toBeGreaterThan(-1)
    expect(lines.slice(heading + 1, heading + 3)).toEqual([
      '   cassettes/chat.test.ts/three.json',
      '   cassettes/chat.test.ts/two.json  1 unused interaction (#2)',
    ])
    expect(await readReport(project)).toMatchObject({
      complete: true,
      obsolete: ['chat.test.ts/three.json'],
      obsoleteInteractions: { 'chat.test.ts/two.json': [1] },
      summary: { obsolete: 2, removed: 0 },
    })
    expect(summaryLineOf(run.stdout)).toContain('· 2 obsolete ·')
    expect(await project.cassettes()).toContain(NOTES)
  })

  test('skipped and todo tests keep their cassettes', async () => {
    const run = await project.run([], { CI: 'true', SKIP: 'one', TODO: 'two' })
    expect(run.output).toMatch(/Tests {2}2 passed \| 1 skipped \| 1 todo \(4\)/)
    expect(await readReport(project)).toMatchObject({ complete: true, obsolete: [], obsoleteInteractions: {} })
  })

  test('a run filtered with -t reports no other test as obsolete and deletes nothing, even with -u', async () => {
    const before = await project.cassetteTexts()
    const run = await project.run(['-t', '^one$', '-u'], { CI: 'true', DROP: 'three', LLM_CASSETTES_MODE: 'replay' })
    expect(run.output).toContain('1 passed')
    expect(run.output).not.toContain('Obsolete cassettes')
    expect(await readReport(project)).toMatchObject({ complete: false, obsolete: [], obsoleteInteractions: {} })
    expect(await project.cassetteTexts()).toEqual(before)
  })

  test('a run of some files reports within those files only, and is not complete', async () => {
    const run = await project.run(['other.test.ts'], { CI: 'true', DROP: 'three' })
    expect(run.output).toContain('1 passed')
    expect(await readReport(project)).toMatchObject({ complete: false, obsolete: [], obsoleteInteractions: {} })
    const chat = await project.run(['chat.test.ts'], { CI: 'true', DROP: 'three' })
    expect(chat.output).toContain('2 passed')
    expect(await readReport(project)).toMatchObject({
      complete: false,
      obsolete: ['chat.test.ts/three.json'],
      obsoleteInteractions: { 'chat.test.ts/two.json': [1] },
    })
  })

  test('-u on a complete run deletes the obsolete cassette and trims the unused interaction, and nothing else', async () => {
    expect(await interactionPrompts(project, 'chat.test.ts/two.json')).toEqual(['two a', 'two b'])
    // Replay under -u, so the trimming (not a re-record) is what changes two.json.
    const run = await project.run(['-u'], { DROP: 'three', LLM_CASSETTES_MODE: 'replay' })
    expect(run.code, run.output).toBe(0)
    expect(run.stdout).toContain('Cassettes: deleted cassettes/chat.test.ts/three.json')
    expect(run.stdout).toContain('Cassettes: removed 1 unused interaction (#2) from cassettes/chat.test.ts/two.json')
    expect(summaryLineOf(run.stdout)).toContain('0 obsolete · 0 missing · 2 removed')
    expect(await project.cassettes()).toEqual([NOTES, 'chat.test.ts/one.json', 'chat.test.ts/two.json', 'other.test.ts/other.json'])
    expect(await interactionPrompts(project, 'chat.test.ts/two.json')).toEqual(['two a'])
    expect(await readReport(project)).toMatchObject({ complete: true, obsolete: [], obsoleteInteractions: {} })
    const again = await project.run([], { CI: 'true', DROP: 'three' })
    expect(again.output).toContain('Tests  3 passed (3)')
    expect(again.output).not.toContain('Obsolete cassettes')
  })
})

const SHARED_TEST = `import OpenAI from 'openai'
import { expect, test } from 'vitest'
import { useCassette, wrapOpenAI } from 'llm-cassettes'

const client = wrapOpenAI(new OpenAI({ maxRetries: 0 }))

test('greets', async () => {
  useCassette('shared/greetings')
  const completion = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'greetings' }] })
  expect(completion.choices[0]?.message.content).toBe('Echo: greetings')
})
`

describe('cassettes of a test file that no longer exists', () => {
  let project: FixtureProject
  let server: OpenAIServer

  beforeAll(async () => {
    project = await FixtureProject.create('lifecycle')
    server = await startOpenAIServer()
    await project.write('shared.test.ts', SHARED_TEST)
    const record = await project.run([], { OPENAI_BASE_URL: server.url, OPENAI_API_KEY: API_KEY })
    expect(record.code, record.output).toBe(0)
    expect(await project.cassettes()).toEqual([...ALL, 'shared/greetings.json'])
  })

  afterAll(async () => {
    await server.close()
    await project.remove()
  })

  test('are obsolete on a complete run and -u deletes them; other JSON in their folder and named cassettes stay', async () => {
    await rm(project.path('other.test.ts'))
    await project.write('cassettes/other.test.ts/notes.json', '{ "note": "kept by hand" }\n')

    const some = await project.run(['chat.test.ts'], { CI: 'true' })
    expect(some.code, some.output).toBe(0)
    expect(some.output).not.toContain('other.test.ts/other.json') // shared.test.ts did not run: the run cannot tell
    const run = await project.run([], { CI: 'true' })
    expect(run.code, run.output).toBe(0)
    expect(run.stdout).toContain(' Obsolete cassettes: 1 ')
    expect(run.stdout).toContain('   cassettes/other.test.ts/other.json\n')
    expect(await readReport(project)).toMatchObject({ complete: true, obsolete: ['other.test.ts/other.json'], obsoleteInteractions: {} })

    // The test file that used the named cassette goes too: a shared cassette is still never reported.
    await rm(project.path('shared.test.ts'))
    const update = await project.run(['-u'], { LLM_CASSETTES_MODE: 'replay' })
    expect(update.code, update.output).toBe(0)
    expect(update.stdout).toContain('Cassettes: deleted cassettes/other.test.ts/other.json')
    expect(await project.cassettes()).toEqual([
      'chat.test.ts/one.json',
      'chat.test.ts/three.json',
      'chat.test.ts/two.json',
      'other.test.ts/notes.json',
      'shared/greetings.json',
    ])
  })
})
