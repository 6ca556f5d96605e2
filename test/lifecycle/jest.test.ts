import { mkdir, readdir, rm } from 'node:fs/promises'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { FixtureProject, JEST_PACKAGES } from '../support/fixture-project.js'
import { startOpenAIServer, type OpenAIServer } from '../support/openai-server.js'
import { API_KEY, cli, expectPruneToSkipAnEditedCassette, interactionPrompts, readReport, summaryLineOf } from './support.js'

const ALL = ['chat.test.js/one.json', 'chat.test.js/three.json', 'chat.test.js/two.json', 'other.test.mjs/other.json']
const NOTES = 'chat.test.js/notes.json'

// One fixture project per Jest major, with llm-cassettes/jest-reporter beside the default reporter: record, then
// change the tests and watch what is reported obsolete, what -u removes, and what the report file says.
describe.each(JEST_PACKAGES)('%s: llm-cassettes/jest-reporter', (jest) => {
  let project: FixtureProject
  let server: OpenAIServer
  let live: Record<string, string>
  const run = (args: string[], env: Record<string, string>) => project.runJest(args, env, { jest, esm: true })

  beforeAll(async () => {
    project = await FixtureProject.create('jest-lifecycle')
    server = await startOpenAIServer()
    live = { OPENAI_BASE_URL: server.url, OPENAI_API_KEY: API_KEY }
  })

  afterAll(async () => {
    await server.close()
    await project.remove()
  })

  test("the first run records, across workers, and prints one summary line after Jest's own summary", async () => {
    await mkdir(project.path('tmp'))
    // Two workers, one per test file (on two cores Jest would otherwise run in band): no timings yet, so Jest uses them.
    const record = await run(['--maxWorkers=2'], { ...live, TWO_CALLS: '1', TMPDIR: project.path('tmp') })
    expect(record.code, record.output).toBe(0)
    expect(await project.cassettes()).toEqual(ALL)
    // The directory the workers wrote their summaries to is gone.
    expect((await readdir(project.path('tmp'))).filter((name) => name.startsWith('llm-cassettes-'))).toEqual([])
    const line = summaryLineOf(record.stderr)
    expect(line).toBe('Cassettes  0 replayed · 5 recorded · 0 obsolete · 0 missing  (0 live calls and 0 tokens saved)')
    expect(record.stderr.indexOf(line!)).toBeGreaterThan(record.stderr.indexOf('Tests:       4 passed, 4 total'))
    expect(record.stderr.indexOf(line!)).toBeGreaterThan(record.stderr.indexOf('Ran all test suites.'))
    // Not a cassette: never reported, never deleted.
    await project.write(`cassettes/${NOTES}`, '{ "note": "kept by hand" }\n')
  })

  test("a run that uses everything reports nothing obsolete; the reporter's `report` option writes the summary JSON", async () => {
    const replay = await run([], { CI: 'true', TWO_CALLS: '1', REPORTER_REPORT: 'ci/option.json' })
    expect(replay.code, replay.output).toBe(0)
    expect(replay.output).not.toContain('Obsolete cassettes')
    expect(summaryLineOf(replay.stderr)).toMatch(/^Cassettes {2}5 replayed · 0 recorded · 0 obsolete · 0 missing {2}\(5 live calls and [\d,]+ tokens saved\)$/)
    const report = await readReport(project)
    expect(report).toMatchObject({ complete: true, obsolete: [], obsoleteInteractions: {} })
    expect(report.summary).toMatchObject({ replayed: 5, recorded: 0, liveCallsSaved: 5 })
    expect(report.summary.tokensSaved).toBeGreaterThan(5)
    expect(JSON.parse(await project.read('ci/option.json'))).toEqual(report.summary)
  })

  test('a removed test and an interaction no longer asked for are reported per file; LLM_CASSETTES_REPORT wins over the option', async () => {
    const replay = await run([], { CI: 'true', DROP: 'three', REPORTER_REPORT: 'ci/option.json', LLM_CASSETTES_REPORT: 'ci/env.json' })
    expect(replay.code, replay.output).toBe(0)
    const lines = replay.stderr.split('\n')
    const heading = lines.findIndex((text) => text.includes('Obsolete cassettes: 2 (`jest -u` or `npx llm-cassettes prune` removes them)'))
    expect(heading, replay.stderr).toBeGreaterThan(-1)
    expect(lines.slice(heading + 1, heading + 3)).toEqual([
      '   cassettes/chat.test.js/three.json',
      '   cassettes/chat.test.js/two.json  1 unused interaction (#2)',
    ])
    const report = await readReport(project)
    expect(report).toMatchObject({
      complete: true,
      obsolete: ['chat.test.js/three.json'],
      obsoleteInteractions: { 'chat.test.js/two.json': [1] },
      summary: { obsolete: 2, removed: 0 },
    })
    expect(Object.keys(report.fingerprints ?? {}).sort()).toEqual(['chat.test.js/three.json', 'chat.test.js/two.json'])
    expect(summaryLineOf(replay.stderr)).toContain('· 2 obsolete ·')
    expect(JSON.parse(await project.read('ci/env.json'))).toEqual(report.summary)
    expect(JSON.parse(await project.read('ci/option.json')).obsolete).toBe(0) // the previous run's
    expect(await project.cassettes()).toContain(NOTES)
  })

  test('skipped and todo tests keep their cassettes', async () => {
    const replay = await run([], { CI: 'true', SKIP: 'one', TODO: 'two' })
    expect(replay.output).toContain('Tests:       1 skipped, 1 todo, 2 passed, 4 total')
    expect(await readReport(project)).toMatchObject({ complete: true, obsolete: [], obsoleteInteractions: {} })
  })

  test('a failing test keeps what it recorded, and the summary says so', async () => {
    await rm(project.path('cassettes/chat.test.js/one.json'))
    const failing = await run([], { ...live, FAIL: 'one', TWO_CALLS: '1' })
    expect(failing.code).toBe(1)
    expect(failing.output).toContain('Tests:       1 failed, 3 passed, 4 total')
    expect(await project.cassettes()).toContain('chat.test.js/one.json')
    expect(summaryLineOf(failing.stderr)).toBe(
      'Cassettes  4 replayed · 1 recorded · 0 obsolete · 0 missing · 1 failed test kept its recording  ' +
        `(4 live calls and ${(await readReport(project)).summary.tokensSaved.toLocaleString('en-US')} tokens saved)`,
    )
    expect((await readReport(project)).summary.failedTestsKeptRecordings).toBe(1)
  })

  test('-u with -t reports nothing, deletes nothing and leaves the report incomplete', async () => {
    const before = await project.cassetteTexts()
    const filtered = await run(['-t', '^one$', '-u'], { CI: 'true', DROP: 'three', LLM_CASSETTES_MODE: 'replay' })
    expect(filtered.code, filtered.output).toBe(0)
    expect(filtered.output).toContain('1 passed')
    expect(filtered.output).not.toContain('Obsolete cassettes')
    expect(await readReport(project)).toMatchObject({ complete: false, obsolete: [], obsoleteInteractions: {} })
    expect(await project.cassetteTexts()).toEqual(before)
  })

  test('-u with a path pattern reports within the files it ran, deletes nothing and says why', async () => {
    const before = await project.cassetteTexts()
    const some = await run(['chat.test.js', '-u'], { CI: 'true', DROP: 'three', LLM_CASSETTES_MODE: 'replay' })
    expect(some.code, some.output).toBe(0)
    expect(some.output).toContain('2 passed')
    expect(some.stderr).toContain('Obsolete cassettes: 2')
    expect(some.stderr).toContain('not removed: `jest -u` removes obsolete cassettes only when every test file runs, unfiltered')
    expect(await readReport(project)).toMatchObject({
      complete: false,
      obsolete: ['chat.test.js/three.json'],
      obsoleteInteractions: { 'chat.test.js/two.json': [1] },
    })
    expect(await project.cassetteTexts()).toEqual(before)
    expect((await cli('prune', project.path('cassettes'))).code).toBe(1) // an incomplete report
  })

  test('-u on a complete run deletes the obsolete cassette and trims the unused interaction, and nothing else', async () => {
    expect(await interactionPrompts(project, 'chat.test.js/two.json')).toEqual(['two a', 'two b'])
    // Replay under -u, so the trimming (not a re-record) is what changes two.json.
    const update = await run(['-u'], { DROP: 'three', LLM_CASSETTES_MODE: 'replay' })
    expect(update.code, update.output).toBe(0)
    expect(update.stderr).toContain('Cassettes: deleted cassettes/chat.test.js/three.json')
    expect(update.stderr).toContain('Cassettes: removed 1 unused interaction (#2) from cassettes/chat.test.js/two.json')
    expect(summaryLineOf(update.stderr)).toContain('0 obsolete · 0 missing · 2 removed')
    expect(await project.cassettes()).toEqual([NOTES, 'chat.test.js/one.json', 'chat.test.js/two.json', 'other.test.mjs/other.json'])
    expect(await interactionPrompts(project, 'chat.test.js/two.json')).toEqual(['two a'])
    expect(await readReport(project)).toMatchObject({ complete: true, obsolete: [], obsoleteInteractions: {} })
    const again = await run([], { CI: 'true', DROP: 'three' })
    expect(again.output).toContain('Tests:       3 passed, 3 total')
    expect(again.output).not.toContain('Obsolete cassettes')
  })

  test('the cassettes of a deleted test file are obsolete on a complete run and -u deletes them; other JSON and named cassettes stay', async () => {
    const other = JSON.parse(await project.read('cassettes/other.test.mjs/other.json')) as Record<string, unknown>
    // A cassette named with useCassette() (in a folder no test file owns) and a JSON file that is not a cassette.
    await project.write('cassettes/shared/greetings.json', `${JSON.stringify({ ...other, test: 'useCassette("shared/greetings")' }, null, 2)}\n`)
    await project.write('cassettes/other.test.mjs/notes.json', '{ "note": "kept by hand" }\n')
    await rm(project.path('other.test.mjs'))

    const filtered = await run(['chat.test.js'], { CI: 'true', DROP: 'three' })
    expect(filtered.output).not.toContain('other.test.mjs/other.json') // a run of some files cannot tell
    const replay = await run([], { CI: 'true', DROP: 'three' })
    expect(replay.code, replay.output).toBe(0)
    expect(replay.stderr).toContain('Obsolete cassettes: 1')
    expect(replay.stderr).toContain('   cassettes/other.test.mjs/other.json')
    expect(await readReport(project)).toMatchObject({ complete: true, obsolete: ['other.test.mjs/other.json'], obsoleteInteractions: {} })

    const update = await run(['-u'], { DROP: 'three', LLM_CASSETTES_MODE: 'replay' })
    expect(update.code, update.output).toBe(0)
    expect(update.stderr).toContain('Cassettes: deleted cassettes/other.test.mjs/other.json')
    expect(await project.cassettes()).toEqual([NOTES, 'chat.test.js/one.json', 'chat.test.js/two.json', 'other.test.mjs/notes.json', 'shared/greetings.json'])
  })

  test('prune skips, and names, a cassette that changed since the run that reported it, and prunes the rest', async () => {
    const append = await run([], { ...live, DROP: 'three', TWO_CALLS: '1' }) // `two b` is recorded again
    expect(append.code, append.output).toBe(0)
    const replay = await run([], { CI: 'true', DROP: 'one,three' })
    expect(replay.code, replay.output).toBe(0)
    await expectPruneToSkipAnEditedCassette(project, 'chat.test.js')
  })
})
