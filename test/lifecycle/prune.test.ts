import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { reportPathOf } from '../../src/report/report-file.js'
import { FixtureProject } from '../support/fixture-project.js'
import { startOpenAIServer, type OpenAIServer } from '../support/openai-server.js'
import { API_KEY, cli, expectPruneToSkipAnEditedCassette, interactionPrompts, readReport, writeReport } from './support.js'

describe('llm-cassettes prune', () => {
  let project: FixtureProject
  let server: OpenAIServer

  beforeAll(async () => {
    project = await FixtureProject.create('lifecycle')
    server = await startOpenAIServer()
    const record = await project.run([], { OPENAI_BASE_URL: server.url, OPENAI_API_KEY: API_KEY, TWO_CALLS: '1' })
    expect(record.code, record.output).toBe(0)
    await project.write('cassettes/chat.test.ts/notes.json', '{ "note": "kept by hand" }\n')
  })

  afterAll(async () => {
    await server.close()
    await project.remove()
  })

  test('is listed in the help', async () => {
    expect((await cli('--help')).out.join('\n')).toMatch(/prune +delete the cassettes the last full test run reported obsolete/)
  })

  test('refuses a corrupt report, naming it, and deletes nothing', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'prune-'))
    try {
      await mkdir(dirname(reportPathOf(dir)), { recursive: true })
      await writeFile(reportPathOf(dir), '{"complete": true, "obsolete": [')
      await writeFile(join(dir, 'kept.json'), '{}\n')
      const run = await cli('prune', dir)
      expect(run.code).toBe(1)
      expect(run.err.join('\n')).toContain(`the run report ${reportPathOf(dir)} is not valid JSON`)
      expect(await readdir(dir)).toEqual(['kept.json'])
    } finally {
      await rm(reportPathOf(dir), { force: true })
      await rm(dir, { recursive: true, force: true })
    }
  })

  test('refuses without a report, and says how to produce one', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'prune-'))
    try {
      const run = await cli('prune', empty)
      expect(run.code).toBe(1)
      expect(run.err.join('\n')).toContain('run the whole suite once, e.g. `npx vitest run` or `npx jest`, then prune')
    } finally {
      await rm(empty, { recursive: true, force: true })
    }
  })

  test('refuses the report of a filtered run', async () => {
    await project.run(['-t', '^one$'], { CI: 'true', DROP: 'three' })
    expect((await readReport(project)).complete).toBe(false)
    const run = await cli('prune', project.path('cassettes'))
    expect(run.code).toBe(1)
    expect(run.err.join('\n')).toContain('the last run was filtered or interrupted')
    expect(await project.cassettes()).toContain('chat.test.ts/three.json')
  })

  test('--dry-run lists, then prune removes exactly what a complete run reported, and never other JSON', async () => {
    const run = await project.run([], { CI: 'true', DROP: 'three' })
    expect(run.code, run.output).toBe(0)
    // A hand-edited report naming a file that is not a cassette: it must still not be deleted.
    const report = await readReport(project)
    await writeReport(project, { ...report, obsolete: [...report.obsolete, 'chat.test.ts/notes.json'] })
    const before = await project.cassetteTexts()

    const dry = await cli('prune', project.path('cassettes'), '--dry-run')
    expect(dry.code).toBe(0)
    expect(dry.out).toEqual([
      'would delete chat.test.ts/three.json',
      'would remove 1 unused interaction (#2) from chat.test.ts/two.json',
      'would prune 2 cassette(s)',
    ])
    expect(await project.cassetteTexts()).toEqual(before)

    const prune = await cli('prune', project.path('cassettes'))
    expect(prune.code).toBe(0)
    expect(prune.out).toEqual(['delete chat.test.ts/three.json', 'remove 1 unused interaction (#2) from chat.test.ts/two.json', 'pruned 2 cassette(s)'])
    expect(await project.cassettes()).toEqual(['chat.test.ts/notes.json', 'chat.test.ts/one.json', 'chat.test.ts/two.json', 'other.test.ts/other.json'])
    expect(await project.read('cassettes/chat.test.ts/notes.json')).toBe('{ "note": "kept by hand" }\n')
    expect(await interactionPrompts(project, 'chat.test.ts/two.json')).toEqual(['two a'])

    // The report's indexes are spent: a second prune must not trim `two a`.
    expect((await cli('prune', project.path('cassettes'))).out).toEqual(['nothing to prune'])
    expect(await interactionPrompts(project, 'chat.test.ts/two.json')).toEqual(['two a'])
    const replay = await project.run([], { CI: 'true', DROP: 'three' })
    expect(replay.output).toContain('Tests  3 passed (3)')
    expect(replay.output).not.toContain('Obsolete cassettes')
  })

  test('skips, and names, a cassette that changed since the run that reported it, and prunes the rest', async () => {
    const append = await project.run([], { OPENAI_BASE_URL: server.url, OPENAI_API_KEY: API_KEY, DROP: 'three', TWO_CALLS: '1' })
    expect(append.code, append.output).toBe(0) // `two b` is recorded again
    const run = await project.run([], { CI: 'true', DROP: 'one,three' })
    expect(run.code, run.output).toBe(0)
    await expectPruneToSkipAnEditedCassette(project, 'chat.test.ts')
  })

  test('skips a listed cassette the report holds no fingerprint of (a report written by hand or by an older version)', async () => {
    const report = await readReport(project)
    await writeReport(project, { complete: true, obsolete: ['chat.test.ts/one.json'], obsoleteInteractions: {}, summary: report.summary })
    const prune = await cli('prune', project.path('cassettes'))
    expect(prune.out).toEqual(['skip chat.test.ts/one.json: the report holds no fingerprint of it (run the tests again to check it)', 'nothing to prune'])
    expect(await project.cassettes()).toContain('chat.test.ts/one.json')
  })
})
