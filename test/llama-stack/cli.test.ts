import { readFileSync } from 'node:fs'
import { readFile, readdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import type { Cassette } from '../../src/index.js'
import { runCli } from '../../src/cli/main.js'
import { FIXTURE_RECORDINGS, jsonFilesUnder, RECORDING_SETS, requestHasIntegralFloat } from './corpus.js'

async function cli(...argv: string[]) {
  const out: string[] = []
  const err: string[] = []
  const code = await runCli(argv, { out: (text) => out.push(text), err: (text) => err.push(text) })
  return { code, out: out.join('\n'), err: err.join('\n') }
}

describe('llm-cassettes CLI', () => {
  let work: string
  beforeEach(async () => {
    work = await mkdtemp(join(tmpdir(), 'llm-cassettes-cli-'))
  })
  afterEach(() => rm(work, { recursive: true, force: true }))

  test('--help lists the commands; each command has its own --help', async () => {
    const help = await cli('--help')
    expect(help.code).toBe(0)
    expect(help.out).toMatch(/export +write a cassette's interactions as llama-stack recordings/)
    expect(help.out).toMatch(/import +write llama-stack recordings into one cassette/)
    for (const command of ['export', 'import']) {
      const own = await cli(command, '--help')
      expect(own.code).toBe(0)
      expect(own.out).toContain(`Usage: llm-cassettes ${command} --llama-stack`)
    }
  })

  test.each([
    [['frobnicate'], 'unknown command "frobnicate"'],
    [[], ''],
    [['export', '--bogus'], "Unknown option '--bogus'"],
    [['export', 'a.json', 'dir'], '--llama-stack is required'],
    [['export', '--llama-stack', 'a.json'], 'expected <cassette> <dir>'],
    [['import', '--llama-stack', 'dir'], 'expected <dir>... <cassette.json>'],
  ])('%j is a usage error: exit code 2 and the usage', async (argv, message) => {
    const run = await cli(...argv)
    expect(run.code).toBe(2)
    expect(`${run.out}${run.err}`).toContain(message)
    expect(`${run.out}${run.err}`).toContain('Usage: llm-cassettes')
  })

  test('a broken recording is reported and makes import exit 1; the rest are imported', async () => {
    const dir = join(work, 'recordings')
    await import('node:fs/promises').then((fs) => fs.mkdir(dir))
    await writeFile(join(dir, 'bad.json'), '{')
    const seed = await readFile(join(FIXTURE_RECORDINGS, 'seed', '6f96090aa955.json'), 'utf8')
    await writeFile(join(dir, 'good.json'), seed)
    const run = await cli('import', '--llama-stack', dir, join(work, 'c.json'))
    expect(run.code).toBe(1)
    expect(run.err).toMatch(/bad\.json is not a llama-stack recording: not valid JSON/)
    expect(run.out).toContain('imported 1 interaction(s)')
  })

  test('export of a missing or broken cassette names it', async () => {
    const missing = await cli('export', '--llama-stack', join(work, 'none.json'), work)
    expect(missing.code).toBe(1)
    expect(missing.err).toContain(`no cassette ${JSON.stringify(join(work, 'none.json'))}: no such file`)
    await writeFile(join(work, 'bad.json'), '{"version": 1}')
    const broken = await cli('export', '--llama-stack', join(work, 'bad.json'), work)
    expect(broken.code).toBe(1)
    expect(broken.err).toContain('bad.json: $.test must be a string')
  })
})

for (const { root, aug2025, label } of RECORDING_SETS) {
  describe.skipIf(root === undefined)(label, () => {
    let work: string
    beforeEach(async () => {
      work = await mkdtemp(join(tmpdir(), 'llm-cassettes-cli-'))
    })
    afterEach(() => rm(work, { recursive: true, force: true }))

    test('import then export gives back the Aug 2025 files, under their own names, with the same content', async () => {
      const cassette = join(work, 'imported.json')
      const imported = await cli('import', '--llama-stack', aug2025!, cassette, '--test', 'corpus')
      expect(imported.code).toBe(0)
      const originals = jsonFilesUnder(aug2025)
      const { interactions } = JSON.parse(await readFile(cassette, 'utf8')) as Cassette
      expect(interactions.length).toBeGreaterThan(0)
      // llama-stack's own name comes back wherever JSON.parse kept the request as Python wrote it.
      const reproducible = new Set(originals.filter((file) => !requestHasIntegralFloat(readFileSync(file, 'utf8'))).map((file) => basename(file)))

      const out = join(work, 'responses')
      const exported = await cli('export', '--llama-stack', cassette, out)
      expect(exported.code).toBe(0)
      const names = await readdir(out)
      // responses/ and vision/responses/ share some names; export keeps the first, in path order, as import read them.
      const byName = new Map<string, string>()
      for (const file of originals) if (!byName.has(basename(file))) byName.set(basename(file), file)
      let sameName = 0
      for (const name of names) {
        const written = JSON.parse(await readFile(join(out, name), 'utf8')) as Record<string, unknown>
        expect(Object.keys(written).sort()).toEqual(['request', 'response'])
        const original = byName.get(name)
        if (!original) continue // its request holds an integral float (0.0), which JSON.parse cannot keep
        sameName += 1
        const stored = JSON.parse(await readFile(original, 'utf8')) as { request: Record<string, unknown>; response: unknown }
        expect(written).toEqual({ request: { ...stored.request, endpoint: (written.request as { endpoint: string }).endpoint }, response: stored.response })
      }
      expect([...reproducible].filter((name) => !names.includes(name))).toEqual([])
      expect(sameName).toBe(reproducible.size)
    })

    test('import merges model lists, lists what it skipped, and refuses to overwrite without --force', async () => {
      const cassette = join(work, 'c.json')
      const dir = join(root!, 'ogx-2026-05', 'tests', 'integration', 'safety')
      const first = await cli('import', '--llama-stack', dir, cassette)
      expect(first.code).toBe(0)
      expect(first.out).toMatch(/model lists merged into one/)
      const { interactions } = JSON.parse(await readFile(cassette, 'utf8')) as Cassette
      expect(interactions.filter((i) => i.request.endpoint === '/v1/models').map((i) => i.request.method)).toEqual(['GET'])
      const again = await cli('import', '--llama-stack', dir, cassette)
      expect(again.code).toBe(1)
      expect(again.err).toContain('exists; pass --force')
      expect((await cli('import', '--llama-stack', dir, cassette, '--force')).code).toBe(0)
    })
  })
}
