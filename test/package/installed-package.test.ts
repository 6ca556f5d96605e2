import { execFile } from 'node:child_process'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { REPO_ROOT } from '../support/fixture-project.js'
import { startOpenAIServer } from '../support/openai-server.js'
import { packedTarball, type Packed } from './packed-tarball.js'
import { sameVersionAsHere, UserProject } from './user-project.js'

const exec = promisify(execFile)

// node:test files, ES module and CommonJS, run with \`--import llm-cassettes/node-test\` (or \`--require\`).
const NODE_TEST_ESM = `import assert from 'node:assert/strict'
import { test } from 'node:test'
import OpenAI from 'openai'
import { wrapOpenAI } from 'llm-cassettes'

const client = wrapOpenAI(new OpenAI())

test('esm', async () => {
  const completion = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'packed esm' }] })
  assert.equal(completion.choices[0]?.message.content, 'Echo: packed esm')
})
`

const NODE_TEST_CJS = `const assert = require('node:assert/strict')
const { describe, it } = require('node:test')
const OpenAI = require('openai')
const { wrapOpenAI } = require('llm-cassettes')

const client = wrapOpenAI(new OpenAI())

describe('cjs', () => {
  it('streams', async () => {
    const stream = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'packed cjs' }], stream: true })
    let text = ''
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? ''
    assert.equal(text, 'Echo: packed cjs')
  })
})
`

const REQUIRE_CHECK = `const lib = require('llm-cassettes')
const plugin = require('llm-cassettes/vitest')
const jestReporter = require('llm-cassettes/jest-reporter')
const nodeTestReporter = require('llm-cassettes/node-test-reporter')
const serve = require('llm-cassettes/serve')
const names = [typeof lib.wrapOpenAI, typeof lib.CassetteError, typeof lib.CassetteMissError, typeof lib.readRecording, typeof plugin.cassettes, typeof jestReporter.default, typeof nodeTestReporter.default, typeof serve.serveCassettes]
// Outside Jest the setup entry refuses to load, with a clear error.
let jestSetup
try {
  require('llm-cassettes/jest')
} catch (error) {
  jestSetup = { code: error.code, isCassetteError: error instanceof lib.CassetteError }
}
console.log(JSON.stringify({ names, plugin: plugin.cassettes().name, jestSetup }))
`

const TYPES_CHECK = `import OpenAI from 'openai'
import { wrapOpenAI, readRecording, CassetteMissError, type Cassette, type LlamaStackRecording } from 'llm-cassettes'
import { cassettes } from 'llm-cassettes/vitest'
import CassetteReporter, { type JestReporterOptions } from 'llm-cassettes/jest-reporter'
import { serveCassettes, type CassettesServer } from 'llm-cassettes/serve'
const reporterOptions: JestReporterOptions = { report: 'cassettes-summary.json' }
const reporter = new CassetteReporter({ rootDir: '.' }, reporterOptions)
const client: OpenAI = wrapOpenAI(new OpenAI({ apiKey: 'x' }), { mode: 'replay' })
const error: CassetteMissError | undefined = undefined
const cassette: Cassette | undefined = undefined
const recording: Promise<LlamaStackRecording> = readRecording('x.json')
const server: Promise<CassettesServer> = serveCassettes({ upstreams: { openai: 'http://127.0.0.1:8080/v1' }, mode: 'replay' })
export const used = [client, error, cassette, recording, cassettes({ dir: 'recordings', normalizeIds: true }), reporter, server]
`

const TSCONFIG = JSON.stringify({
  compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', strict: true, noEmit: true, skipLibCheck: false, types: [] },
  files: ['types-check.ts'],
})

// The package as users get it: packed from a fresh clone (no dist/), installed from the tarball into a project
// outside this repository. What users see when they run tests with it: scenarios.test.ts.
describe('the packed package', () => {
  let packed: Packed
  let project: UserProject

  beforeAll(async () => {
    packed = await packedTarball()
    project = await UserProject.create(packed.tarball, 'module', [await sameVersionAsHere('openai'), await sameVersionAsHere('vitest')])
  }, 300_000)

  afterAll(() => project?.remove())

  test('packing a fresh clone builds it: every file package.json points at is in the tarball', async () => {
    const manifest = JSON.parse(await readFile(join(REPO_ROOT, 'package.json'), 'utf8')) as {
      exports: unknown
      bin: Record<string, string>
      main: string
      types: string
    }
    const targets = new Set<string>([manifest.main, manifest.types, ...Object.values(manifest.bin)])
    const walk = (value: unknown): void => {
      if (typeof value === 'string') targets.add(value)
      else if (typeof value === 'object' && value !== null) Object.values(value).forEach(walk)
    }
    walk(manifest.exports)
    for (const target of targets) expect(packed.files, target).toContain(target.replace(/^\.\//, ''))
    expect(packed.files).toContain('README.md')
  })

  const nodeTest = (preload: '--import' | '--require', env: Record<string, string>) =>
    project.node(
      [
        '--test',
        preload,
        'llm-cassettes/node-test',
        '--test-reporter=spec',
        '--test-reporter-destination=stdout',
        '--test-reporter=llm-cassettes/node-test-reporter',
        '--test-reporter-destination=stderr',
        join('node-tests', 'esm.test.mjs'),
        join('node-tests', 'cjs.test.cjs'),
      ],
      env,
    )

  test('node:test: ES module and CommonJS test files record, then replay in CI, through --import and --require', async () => {
    await project.write(join('node-tests', 'esm.test.mjs'), NODE_TEST_ESM)
    await project.write(join('node-tests', 'cjs.test.cjs'), NODE_TEST_CJS)
    const nodeServer = await startOpenAIServer()
    const record = await nodeTest('--import', { OPENAI_BASE_URL: nodeServer.url, OPENAI_API_KEY: 'sk-test-packed-0123456789' }).finally(() =>
      nodeServer.close(),
    )
    expect(record.stdout, record.output).toContain('ℹ pass 2')
    expect(record.stderr).toContain('Cassettes  0 replayed · 2 recorded · 0 obsolete · 0 missing')
    for (const file of ['node-tests/esm.test.mjs/esm.json', 'node-tests/cjs.test.cjs/cjs › streams.json']) {
      const cassette = JSON.parse(await project.read(join('cassettes', file))) as { interactions: unknown[] }
      expect(cassette.interactions, file).toHaveLength(1)
    }
    for (const preload of ['--import', '--require'] as const) {
      const replay = await nodeTest(preload, { CI: 'true', OPENAI_BASE_URL: 'http://127.0.0.1:9/v1' })
      expect(replay.stdout, preload).toContain('ℹ pass 2')
      expect(replay.stderr, preload).toContain('Cassettes  2 replayed · 0 recorded · 0 obsolete · 0 missing')
    }
  })

  test('CommonJS users can require every entry point', async () => {
    await project.write('require-check.cjs', REQUIRE_CHECK)
    const run = await project.node(['require-check.cjs'])
    expect(run.code, run.output).toBe(0)
    expect(JSON.parse(run.stdout)).toEqual({
      names: ['function', 'function', 'function', 'function', 'function', 'function', 'function', 'function'],
      plugin: 'llm-cassettes',
      jestSetup: { code: 'ERR_CASSETTE_SETUP', isCassetteError: true },
    })
  })

  test('the llm-cassettes executable runs through npx', async () => {
    const { stdout } = await exec('npx', ['--no-install', 'llm-cassettes', '--help'], { cwd: project.dir })
    expect(stdout).toContain('Usage: llm-cassettes <command> [options]')
    const unknown = await exec('npx', ['--no-install', 'llm-cassettes', 'frobnicate'], { cwd: project.dir }).catch(
      (error: { code: number; stderr: string }) => error,
    )
    expect(unknown).toMatchObject({ code: 2 })
  })

  test('type declarations resolve for ESM imports', async () => {
    await writeFile(project.path('types-check.ts'), TYPES_CHECK)
    await writeFile(project.path('tsconfig.json'), TSCONFIG)
    const tsc = join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc')
    const result = await exec(process.execPath, [tsc, '-p', project.dir]).catch((error: { stdout: string }) => error)
    expect(result.stdout).toBe('')
  })
})
