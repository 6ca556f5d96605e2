import { execFile } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile, mkdir } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { REPO_ROOT } from '../support/fixture-project.js'
import { startOpenAIServer, type OpenAIServer } from '../support/openai-server.js'

const exec = promisify(execFile)
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm'

async function installedVersion(name: string): Promise<string> {
  const manifest = JSON.parse(await readFile(join(REPO_ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }
  return manifest.version
}

const CONFIG = `import { defineConfig } from 'vitest/config'
import { cassettes } from 'llm-cassettes/vitest'
export default defineConfig({ plugins: [cassettes()] })
`

const TEST = `import OpenAI from 'openai'
import { expect, test } from 'vitest'
import { wrapOpenAI, CassetteMissError } from 'llm-cassettes'

const client = wrapOpenAI(new OpenAI())

test('streams from the installed package', async () => {
  expect(typeof CassetteMissError).toBe('function')
  const stream = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'packed' }], stream: true })
  let text = ''
  for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? ''
  expect(text).toBe('Echo: packed')
})
`

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
const names = [typeof lib.wrapOpenAI, typeof lib.CassetteError, typeof lib.CassetteMissError, typeof lib.readRecording, typeof plugin.cassettes, typeof jestReporter.default, typeof nodeTestReporter.default]
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
import nodeTestReporter from 'llm-cassettes/node-test-reporter'
import 'llm-cassettes/node-test'
const reporterOptions: JestReporterOptions = { report: 'cassettes-summary.json' }
const reporter = new CassetteReporter({ rootDir: '.' }, reporterOptions)
const client: OpenAI = wrapOpenAI(new OpenAI({ apiKey: 'x' }), { mode: 'replay' })
const error: CassetteMissError | undefined = undefined
const cassette: Cassette | undefined = undefined
const recording: Promise<LlamaStackRecording> = readRecording('x.json')
export const used = [client, error, cassette, recording, cassettes({ dir: 'recordings', normalizeIds: true }), reporter, nodeTestReporter]
`

const TSCONFIG = JSON.stringify({
  compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', strict: true, noEmit: true, skipLibCheck: false, types: [] },
  files: ['types-check.ts'],
})

// The package as users get it: packed, installed from the tarball into a project outside this repository.
describe('the packed package', () => {
  let project: string
  let server: OpenAIServer

  beforeAll(async () => {
    const packDir = await mkdtemp(join(tmpdir(), 'llm-cassettes-pack-'))
    const { stdout } = await exec(NPM, ['pack', '--json', '--pack-destination', packDir], { cwd: REPO_ROOT })
    const [packed] = JSON.parse(stdout) as { filename: string }[]
    project = await mkdtemp(join(tmpdir(), 'llm-cassettes-user-'))
    await writeFile(join(project, 'package.json'), JSON.stringify({ name: 'user-project', private: true, type: 'module' }))
    const versions = [`openai@${await installedVersion('openai')}`, `vitest@${await installedVersion('vitest')}`]
    await exec(NPM, ['install', '--prefer-offline', '--no-audit', '--no-fund', join(packDir, packed!.filename), ...versions], {
      cwd: project,
    })
    await writeFile(join(project, 'vitest.config.ts'), CONFIG)
    await mkdir(join(project, 'test'))
    await writeFile(join(project, 'test', 'packed.test.ts'), TEST)
    server = await startOpenAIServer()
  }, 300_000)

  afterAll(async () => {
    await server?.close()
    if (project) await rm(project, { recursive: true, force: true })
  })

  const vitest = (env: Record<string, string>) =>
    exec(process.execPath, [join(project, 'node_modules', 'vitest', 'vitest.mjs'), 'run'], {
      cwd: project,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NO_COLOR: '1', ...env },
    })

  test('records, then replays in CI with no server and no key', async () => {
    const record = await vitest({ OPENAI_BASE_URL: server.url, OPENAI_API_KEY: 'sk-test-packed-0123456789' })
    expect(record.stdout).toContain('1 passed')
    const cassette = JSON.parse(await readFile(join(project, 'cassettes', 'test', 'packed.test.ts', 'streams from the installed package.json'), 'utf8')) as {
      interactions: unknown[]
    }
    expect(cassette.interactions).toHaveLength(1)
    await server.close()
    const replay = await vitest({ CI: 'true', OPENAI_BASE_URL: 'http://127.0.0.1:9/v1' })
    expect(replay.stdout).toContain('1 passed')
  })

  const nodeTest = (preload: '--import' | '--require', env: Record<string, string>) =>
    exec(
      process.execPath,
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
      { cwd: project, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NO_COLOR: '1', ...env } },
    )

  test('node:test: ES module and CommonJS test files record, then replay in CI, through --import and --require', async () => {
    await mkdir(join(project, 'node-tests'))
    await writeFile(join(project, 'node-tests', 'esm.test.mjs'), NODE_TEST_ESM)
    await writeFile(join(project, 'node-tests', 'cjs.test.cjs'), NODE_TEST_CJS)
    const nodeServer = await startOpenAIServer()
    const record = await nodeTest('--import', { OPENAI_BASE_URL: nodeServer.url, OPENAI_API_KEY: 'sk-test-packed-0123456789' }).finally(() => nodeServer.close())
    expect(record.stdout).toContain('ℹ pass 2')
    expect(record.stderr).toContain('Cassettes  0 replayed · 2 recorded · 0 obsolete · 0 missing')
    for (const file of ['node-tests/esm.test.mjs/esm.json', 'node-tests/cjs.test.cjs/cjs › streams.json']) {
      const cassette = JSON.parse(await readFile(join(project, 'cassettes', file), 'utf8')) as { interactions: unknown[] }
      expect(cassette.interactions, file).toHaveLength(1)
    }
    for (const preload of ['--import', '--require'] as const) {
      const replay = await nodeTest(preload, { CI: 'true', OPENAI_BASE_URL: 'http://127.0.0.1:9/v1' })
      expect(replay.stdout, preload).toContain('ℹ pass 2')
      expect(replay.stderr, preload).toContain('Cassettes  2 replayed · 0 recorded · 0 obsolete · 0 missing')
    }
  })

  test('CommonJS users can require every entry point', async () => {
    await writeFile(join(project, 'require-check.cjs'), REQUIRE_CHECK)
    const { stdout } = await exec(process.execPath, ['require-check.cjs'], { cwd: project })
    expect(JSON.parse(stdout)).toEqual({
      names: ['function', 'function', 'function', 'function', 'function', 'function', 'function'],
      plugin: 'llm-cassettes',
      jestSetup: { code: 'ERR_CASSETTE_SETUP', isCassetteError: true },
    })
  })

  test('the llm-cassettes executable runs through npx', async () => {
    const { stdout } = await exec('npx', ['--no-install', 'llm-cassettes', '--help'], { cwd: project })
    expect(stdout).toContain('Usage: llm-cassettes <command> [options]')
    const unknown = await exec('npx', ['--no-install', 'llm-cassettes', 'frobnicate'], { cwd: project }).catch((error: { code: number; stderr: string }) => error)
    expect(unknown).toMatchObject({ code: 2 })
  })

  test('type declarations resolve for ESM imports', async () => {
    await writeFile(join(project, 'types-check.ts'), TYPES_CHECK)
    await writeFile(join(project, 'tsconfig.json'), TSCONFIG)
    const tsc = join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc')
    const result = await exec(process.execPath, [tsc, '-p', project]).catch((error: { stdout: string }) => error)
    expect(result.stdout).toBe('')
  })
})
