import { existsSync } from 'node:fs'
import { mkdir, readdir, rm } from 'node:fs/promises'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { FixtureProject } from '../support/fixture-project.js'
import { nodeBinaries, testFilesArgs } from '../support/node-binaries.js'
import { startOpenAIServer, type OpenAIServer } from '../support/openai-server.js'
import { API_KEY, cli, expectPruneToSkipAnEditedCassette, interactionPrompts, readReport, summaryLineOf } from '../lifecycle/support.js'

const ALL = ['chat.test.cjs/one.json', 'chat.test.cjs/three.json', 'chat.test.cjs/two.json', 'other.test.mjs/other.json']
const NOTES = 'chat.test.cjs/notes.json'

// The newest Node found: --test-update-snapshots needs 22.3+.
const node = nodeBinaries().found.at(-1)!
/** A test that needs --test-update-snapshots; skipped, saying why, when only Node 20 is found. */
const update = (name: string, body: () => Promise<void>) =>
  node.major >= 22 ? test(name, body) : test.skip(`${name} (needs Node 22.3+: set LLM_CASSETTES_NODE22 or LLM_CASSETTES_NODE24)`, body)

// llm-cassettes/node-test-reporter beside the spec reporter, as test/lifecycle/jest.test.ts does it for Jest: record,
// then change the tests and watch what is reported obsolete, what --test-update-snapshots removes, and what the
// report file says.
describe(`node:test on Node ${node.major}: llm-cassettes/node-test-reporter`, () => {
  let project: FixtureProject
  let server: OpenAIServer
  let live: Record<string, string>
  const run = (args: string[], env: Record<string, string>, options: { reporter?: boolean } = {}) =>
    project.runNodeTest([...args, ...testFilesArgs(node, '*.test.{mjs,cjs}')], env, { node: node.path, ...options })

  beforeAll(async () => {
    project = await FixtureProject.create('node-test-lifecycle')
    server = await startOpenAIServer()
    live = { OPENAI_BASE_URL: server.url, OPENAI_API_KEY: API_KEY }
  })

  afterAll(async () => {
    await server.close()
    await project.remove()
  })

  test('without the reporter, a run records and prints and writes nothing more', async () => {
    const record = await run([], { ...live, TWO_CALLS: '1', DROP: 'three' }, { reporter: false })
    expect(record.code, record.output).toBe(0)
    expect(await project.cassettes()).toEqual(ALL.filter((name) => !name.includes('three')))
    expect(record.output).not.toContain('Cassettes  ')
    expect(existsSync(project.path('cassettes/.llm-cassettes-report.json'))).toBe(false)
  })

  test("with it, the run's test processes report to it and it prints one summary line", async () => {
    await mkdir(project.path('tmp'))
    const record = await run([], { ...live, TWO_CALLS: '1', TMPDIR: project.path('tmp') })
    expect(record.code, record.output).toBe(0)
    expect(await project.cassettes()).toEqual(ALL)
    // The directory the test processes wrote their summaries to is gone.
    expect((await readdir(project.path('tmp'))).filter((name) => name.startsWith('llm-cassettes-'))).toEqual([])
    expect(summaryLineOf(record.stderr)).toMatch(/^Cassettes {2}4 replayed · 1 recorded · 0 obsolete · 0 missing {2}\(4 live calls and [\d,]+ tokens saved\)$/)
    // Not a cassette: never reported, never deleted.
    await project.write(`cassettes/${NOTES}`, '{ "note": "kept by hand" }\n')
  })

  test('a run that uses everything reports nothing obsolete; `report` in llm-cassettes.config.json writes the summary JSON', async () => {
    await project.write('llm-cassettes.config.json', '{ "report": "ci/config.json" }\n')
    const replay = await run([], { CI: 'true', TWO_CALLS: '1' })
    await rm(project.path('llm-cassettes.config.json'))
    expect(replay.code, replay.output).toBe(0)
    expect(replay.output).not.toContain('Obsolete cassettes')
    expect(summaryLineOf(replay.stderr)).toMatch(/^Cassettes {2}5 replayed · 0 recorded · 0 obsolete · 0 missing {2}\(5 live calls and [\d,]+ tokens saved\)$/)
    const report = await readReport(project)
    expect(report).toMatchObject({ complete: true, obsolete: [], obsoleteInteractions: {} })
    expect(report.summary).toMatchObject({ replayed: 5, recorded: 0, liveCallsSaved: 5 })
    expect(JSON.parse(await project.read('ci/config.json'))).toEqual(report.summary)
  })

  test('a removed test and an interaction no longer asked for are reported per file; LLM_CASSETTES_REPORT writes the summary JSON', async () => {
    const replay = await run([], { CI: 'true', DROP: 'three', LLM_CASSETTES_REPORT: 'ci/env.json' })
    expect(replay.code, replay.output).toBe(0)
    const lines = replay.stderr.split('\n')
    const heading = lines.findIndex((text) =>
      text.includes('Obsolete cassettes: 2 (`node --test --test-update-snapshots` or `npx llm-cassettes prune` removes them)'),
    )
    expect(heading, replay.stderr).toBeGreaterThan(-1)
    expect(lines.slice(heading + 1, heading + 3)).toEqual([
      '   cassettes/chat.test.cjs/three.json',
      '   cassettes/chat.test.cjs/two.json  1 unused interaction (#2)',
    ])
    const report = await readReport(project)
    expect(report).toMatchObject({
      complete: true,
      obsolete: ['chat.test.cjs/three.json'],
      obsoleteInteractions: { 'chat.test.cjs/two.json': [1] },
      summary: { obsolete: 2, removed: 0 },
    })
    expect(summaryLineOf(replay.stderr)).toContain('· 2 obsolete ·')
    expect(JSON.parse(await project.read('ci/env.json'))).toEqual(report.summary)
    expect(await project.cassettes()).toContain(NOTES)
  })

  test('skipped and todo tests keep their cassettes', async () => {
    const replay = await run([], { CI: 'true', SKIP: 'one', TODO: 'two', TWO_CALLS: '1' })
    expect(replay.code, replay.output).toBe(0)
    expect(replay.output).toContain('ℹ skipped 1')
    expect(replay.output).toContain('ℹ todo 1')
    expect(await readReport(project)).toMatchObject({ complete: true, obsolete: [], obsoleteInteractions: {} })
  })

  test('a failing test keeps what it recorded, and the summary says so', async () => {
    await rm(project.path('cassettes/chat.test.cjs/one.json'))
    const failing = await run([], { ...live, FAIL: 'one', TWO_CALLS: '1' })
    expect(failing.code).toBe(1)
    expect(failing.output).toContain('ℹ fail 1')
    expect(await project.cassettes()).toContain('chat.test.cjs/one.json')
    expect(summaryLineOf(failing.stderr)).toBe(
      'Cassettes  4 replayed · 1 recorded · 0 obsolete · 0 missing · 1 failed test kept its recording  ' +
        `(4 live calls and ${(await readReport(project)).summary.tokensSaved.toLocaleString('en-US')} tokens saved)`,
    )
  })

  test('a file that fails to load leaves the run incomplete and its cassettes unjudged', async () => {
    const other = await project.read('other.test.mjs')
    await project.write('other.test.mjs', 'this is ( not JavaScript\n')
    const broken = await run([], { CI: 'true', TWO_CALLS: '1' })
    await project.write('other.test.mjs', other)
    expect(broken.code).toBe(1)
    expect(broken.stderr).not.toContain('Obsolete cassettes')
    expect(await readReport(project)).toMatchObject({ complete: false, obsolete: [], obsoleteInteractions: {} })
  })

  test('a name pattern (with --test-update-snapshots on Node 22+) reports nothing, deletes nothing and leaves the report incomplete', async () => {
    const before = await project.cassetteTexts()
    const updating = node.major >= 22 ? ['--test-update-snapshots'] : []
    const filtered = await run(['--test-name-pattern=^one$', ...updating], { CI: 'true', DROP: 'three', LLM_CASSETTES_MODE: 'replay' })
    expect(filtered.code, filtered.output).toBe(0)
    expect(filtered.output).toContain('✔ one')
    expect(filtered.output).not.toContain('✔ two')
    expect(filtered.stderr).not.toContain('Obsolete cassettes')
    expect(await readReport(project)).toMatchObject({ complete: false, obsolete: [], obsoleteInteractions: {} })
    expect(await project.cassetteTexts()).toEqual(before)
    expect((await cli('prune', project.path('cassettes'))).code).toBe(1) // an incomplete report
  })

  update('--test-update-snapshots on a complete run deletes the obsolete cassette and trims the unused interaction, and nothing else', async () => {
    expect(await interactionPrompts(project, 'chat.test.cjs/two.json')).toEqual(['two a', 'two b'])
    // Replay under -u, so the trimming (not a re-record) is what changes two.json.
    const updated = await run(['--test-update-snapshots'], { DROP: 'three', LLM_CASSETTES_MODE: 'replay' })
    expect(updated.code, updated.output).toBe(0)
    expect(updated.stderr).toContain('Cassettes: deleted cassettes/chat.test.cjs/three.json')
    expect(updated.stderr).toContain('Cassettes: removed 1 unused interaction (#2) from cassettes/chat.test.cjs/two.json')
    expect(summaryLineOf(updated.stderr)).toContain('0 obsolete · 0 missing · 2 removed')
    expect(await project.cassettes()).toEqual([NOTES, 'chat.test.cjs/one.json', 'chat.test.cjs/two.json', 'other.test.mjs/other.json'])
    expect(await interactionPrompts(project, 'chat.test.cjs/two.json')).toEqual(['two a'])
    expect(await readReport(project)).toMatchObject({ complete: true, obsolete: [], obsoleteInteractions: {} })
  })

  update('the cassettes of a deleted test file are obsolete and --test-update-snapshots deletes them; other JSON and named cassettes stay', async () => {
    const other = JSON.parse(await project.read('cassettes/other.test.mjs/other.json')) as Record<string, unknown>
    await project.write('cassettes/shared/greetings.json', `${JSON.stringify({ ...other, test: 'useCassette("shared/greetings")' }, null, 2)}\n`)
    await project.write('cassettes/other.test.mjs/notes.json', '{ "note": "kept by hand" }\n')
    await rm(project.path('other.test.mjs'))
    const replay = await run([], { CI: 'true', DROP: 'three' })
    expect(replay.code, replay.output).toBe(0)
    expect(replay.stderr).toContain('Obsolete cassettes: 1')
    expect(replay.stderr).toContain('   cassettes/other.test.mjs/other.json')
    expect(await readReport(project)).toMatchObject({ complete: true, obsolete: ['other.test.mjs/other.json'], obsoleteInteractions: {} })
    const updated = await run(['--test-update-snapshots'], { DROP: 'three', LLM_CASSETTES_MODE: 'replay' })
    expect(updated.code, updated.output).toBe(0)
    expect(updated.stderr).toContain('Cassettes: deleted cassettes/other.test.mjs/other.json')
    expect(await project.cassettes()).toEqual([NOTES, 'chat.test.cjs/one.json', 'chat.test.cjs/two.json', 'other.test.mjs/notes.json', 'shared/greetings.json'])
  })

  // Needs the state the two tests above leave.
  update('prune skips, and names, a cassette that changed since the run that reported it, and prunes the rest', async () => {
    const append = await run([], { ...live, DROP: 'three', TWO_CALLS: '1' })
    expect(append.code, append.output).toBe(0)
    const replay = await run([], { CI: 'true', DROP: 'one,three' })
    expect(replay.code, replay.output).toBe(0)
    await expectPruneToSkipAnEditedCassette(project, 'chat.test.cjs')
  })

  update('Node 22+ run with no pattern also matches the cassette folders: llm-cassettes says so', async () => {
    const unpatterned = await project.runNodeTest([], { CI: 'true' }, { node: node.path, reporter: false })
    expect(unpatterned.code).toBe(1)
    expect(unpatterned.output).toContain('llm-cassettes: node --test is running the cassette folder cassettes/chat.test.cjs as a test file')
    expect(unpatterned.output).toContain('"dir": ".cassettes"')
  })

  test('a miss in CI names the command that records the test, and that command records it', async () => {
    await rm(project.path('cassettes/chat.test.cjs/two.json'))
    const miss = await run([], { CI: 'true', DROP: 'three' })
    expect(miss.code).toBe(1)
    expect(miss.output).toContain('CassetteMissError')
    expect(miss.output).toContain("node --test --import llm-cassettes/node-test '--test-name-pattern=^two$' chat.test.cjs")
    const record = await project.runNodeTest(['--test-name-pattern=^two$', 'chat.test.cjs'], { ...live, DROP: 'three' }, { node: node.path, reporter: false })
    expect(record.code, record.output).toBe(0)
    expect(record.output).toContain('ℹ pass 1')
    expect(await interactionPrompts(project, 'chat.test.cjs/two.json')).toEqual(['two a'])
  })
})
