import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { basename, dirname, join, relative } from 'node:path'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { reportPathOf } from '../../src/report/report-file.js'
import { chatJson, chatStream, cli, embeddings, responsesStream, toolConversation, writeCassette, writeJson } from './helpers.js'

describe('llm-cassettes ls', () => {
  let work: string
  beforeEach(async () => {
    work = await mkdtemp(join(tmpdir(), 'llm-cassettes-ls-'))
    await writeCassette(work, 'chat.test.ts/says hi.json', 'chat.test.ts > says hi', [chatJson, chatStream])
    await writeCassette(work, 'tools.test.ts/weather.json', 'tools.test.ts > weather', toolConversation)
    await writeCassette(work, 'old.json', 'gone.test.ts > removed', [responsesStream, embeddings])
  })
  afterEach(async () => {
    await rm(reportPathOf(work), { force: true })
    await rm(work, { recursive: true, force: true })
  })
  /** The run report for `work`, where the reporters write it: outside the cassette folder. */
  const writeReport = (report: unknown) => writeJson(dirname(reportPathOf(work)), basename(reportPathOf(work)), JSON.stringify(report))

  test('without a run report: an aligned table, and one footer saying how to get obsolete status', async () => {
    const run = await cli('ls', work)
    expect(run.code).toBe(0)
    const lines = run.out.split('\n')
    expect(lines[0]).toMatch(/^CASSETTE +TEST +INTERACTIONS +ENDPOINTS +MODELS +SIZE$/)
    // Path order, relative to the directory; the test, count, endpoints and models of each.
    expect(lines[1]).toMatch(/^chat\.test\.ts\/says hi\.json +chat\.test\.ts > says hi +2 +POST \/v1\/chat\/completions +gpt-4o-mini +\d+\.\d KB$/)
    expect(lines[2]).toMatch(
      /^old\.json +gone\.test\.ts > removed +2 +POST \/v1\/responses, POST \/v1\/embeddings +gpt-4\.1, text-embedding-3-small +\d+\.\d KB$/,
    )
    expect(lines[3]).toMatch(/^tools\.test\.ts\/weather\.json +tools\.test\.ts > weather +2 +POST \/v1\/chat\/completions +gpt-4o /)
    // Aligned: every cell starts under its header.
    const tests = ['chat.test.ts > says hi', 'gone.test.ts > removed', 'tools.test.ts > weather']
    const endpointsAt = lines[0]!.indexOf('ENDPOINTS')
    lines.slice(1, 4).forEach((line, index) => {
      expect(line.slice(lines[0]!.indexOf('TEST'))).toMatch(new RegExp(`^${tests[index]}`))
      expect(line.slice(endpointsAt)).toMatch(/^POST /)
    })
    expect(lines.slice(4)).toEqual(['no run report: run the tests to see obsolete cassettes'])
  })

  test('with a run report: obsolete cassettes and unused interactions are marked', async () => {
    const report = { complete: true, obsolete: ['old.json'], obsoleteInteractions: { 'chat.test.ts/says hi.json': [1] } }
    await writeReport(report)
    const run = await cli('ls', work)
    expect(run.code).toBe(0)
    const lines = run.out.split('\n')
    expect(lines[0]).toMatch(/ SIZE +OBSOLETE$/)
    expect(lines[1]).toMatch(/^chat\.test\.ts\/says hi\.json .* 1 unused$/)
    expect(lines[2]).toMatch(/^old\.json .* obsolete$/)
    expect(lines[3]).toMatch(/KB$/)
    expect(run.out).not.toContain('no run report')
    expect(lines).toHaveLength(4)
  })

  test('a report from a partial run says so', async () => {
    await writeReport({ complete: false, obsolete: [], obsoleteInteractions: {} })
    const run = await cli('ls', work)
    expect(run.out).toContain('the last run did not run every test')
  })

  test('a corrupt report is an error naming it, exit 1', async () => {
    await writeReport({ complete: true, obsolete: 'old.json', obsoleteInteractions: {} })
    const run = await cli('ls', work)
    expect(run.code).toBe(1)
    expect(run.err).toContain(`the run report ${reportPathOf(work)} "obsolete" must be a list of paths`)
  })

  test('--json: the same facts, machine-readable', async () => {
    await writeReport({ complete: true, obsolete: ['old.json'], obsoleteInteractions: {} })
    const run = await cli('ls', '--json', work)
    expect(run.code).toBe(0)
    const listed = JSON.parse(run.out) as { report: boolean; cassettes: Record<string, unknown>[] }
    expect(listed.report).toBe(true)
    expect(listed.cassettes.map((cassette) => cassette['path'])).toEqual(['chat.test.ts/says hi.json', 'old.json', 'tools.test.ts/weather.json'])
    expect(listed.cassettes[1]).toMatchObject({
      test: 'gone.test.ts > removed',
      interactions: 2,
      endpoints: ['POST /v1/responses', 'POST /v1/embeddings'],
      models: ['gpt-4.1', 'text-embedding-3-small'],
      obsolete: true,
    })
    expect(listed.cassettes[0]).toMatchObject({ obsolete: false, unusedInteractions: [] })
  })

  test('other JSON in the directory is skipped, listed only with --verbose, and never changed or deleted', async () => {
    const others = { 'package.json': '{"name": "x"}\n', 'nested/data.json': '[1, 2, 3]\n', 'notes.json': 'not json at all' }
    for (const [name, content] of Object.entries(others)) await writeJson(work, name, content)
    const run = await cli('ls', work)
    expect(run.code).toBe(0)
    expect(run.out).not.toMatch(/package\.json|data\.json|notes\.json/)
    const verbose = await cli('ls', '--verbose', work)
    expect(verbose.out).toContain('ignored: nested/data.json\nignored: notes.json\nignored: package.json')
    for (const [name, content] of Object.entries(others)) expect(await readFile(join(work, name), 'utf8')).toBe(content)
  })

  test('a damaged cassette is named, pointing at verify, and the rest are still listed', async () => {
    await writeJson(work, 'damaged.json', '{"version": 1, "interactions": [{"request": {}}]}')
    const run = await cli('ls', work)
    expect(run.code).toBe(0)
    expect(run.out).toContain('damaged.json: not a valid cassette (run `llm-cassettes verify`)')
    expect(run.out).toContain('old.json')
  })

  test('a cassette that parses only once its bytes are decoded loosely is named as damaged too', async () => {
    // ls parses each file once to tell cassettes from other JSON; a byte that is not UTF-8 becomes U+FFFD there.
    const text = JSON.stringify({ version: 1, test: 't', interactions: [], note: 'x' })
    const path = await writeJson(work, 'latin1.json', '')
    await writeFile(path, Buffer.concat([Buffer.from(text.slice(0, -3)), Buffer.from([0xff]), Buffer.from(text.slice(-2))]))
    const run = await cli('ls', work)
    expect(run.code).toBe(0)
    expect(run.out).toContain('latin1.json: not a valid cassette (run `llm-cassettes verify`)')
  })

  test('the directory defaults to LLM_CASSETTES_DIR; a missing one is an error, exit 1', async () => {
    const before = process.env['LLM_CASSETTES_DIR']
    try {
      process.env['LLM_CASSETTES_DIR'] = relative(process.cwd(), work)
      expect((await cli('ls')).out).toContain('tools.test.ts/weather.json')
      process.env['LLM_CASSETTES_DIR'] = join(work, 'missing')
      const missing = await cli('ls')
      expect(missing.code).toBe(1)
      expect(missing.err).toContain(`no cassette directory at ${relative(process.cwd(), join(work, 'missing'))}`)
    } finally {
      if (before === undefined) delete process.env['LLM_CASSETTES_DIR']
      else process.env['LLM_CASSETTES_DIR'] = before
    }
  })
})
