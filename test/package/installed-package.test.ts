import { execFile } from 'node:child_process'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { REPO_ROOT } from '../support/fixture-project.js'
import { packedTarball, type Packed } from './packed-tarball.js'
import { sameVersionAsHere, UserProject } from './user-project.js'

const exec = promisify(execFile)

const REQUIRE_CHECK = `const lib = require('llm-cassettes')
const plugin = require('llm-cassettes/vitest')
const jestReporter = require('llm-cassettes/jest-reporter')
const names = [typeof lib.wrapOpenAI, typeof lib.CassetteError, typeof lib.CassetteMissError, typeof lib.readRecording, typeof plugin.cassettes, typeof jestReporter.default]
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
const reporterOptions: JestReporterOptions = { report: 'cassettes-summary.json' }
const reporter = new CassetteReporter({ rootDir: '.' }, reporterOptions)
const client: OpenAI = wrapOpenAI(new OpenAI({ apiKey: 'x' }), { mode: 'replay' })
const error: CassetteMissError | undefined = undefined
const cassette: Cassette | undefined = undefined
const recording: Promise<LlamaStackRecording> = readRecording('x.json')
export const used = [client, error, cassette, recording, cassettes({ dir: 'recordings', normalizeIds: true }), reporter]
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
    const manifest = JSON.parse(await readFile(join(REPO_ROOT, 'package.json'), 'utf8')) as { exports: unknown; bin: Record<string, string>; main: string; types: string }
    const targets = new Set<string>([manifest.main, manifest.types, ...Object.values(manifest.bin)])
    const walk = (value: unknown): void => {
      if (typeof value === 'string') targets.add(value)
      else if (typeof value === 'object' && value !== null) Object.values(value).forEach(walk)
    }
    walk(manifest.exports)
    for (const target of targets) expect(packed.files, target).toContain(target.replace(/^\.\//, ''))
    expect(packed.files).toContain('README.md')
  })

  test('CommonJS users can require every entry point', async () => {
    await project.write('require-check.cjs', REQUIRE_CHECK)
    const run = await project.node(['require-check.cjs'])
    expect(run.code, run.output).toBe(0)
    expect(JSON.parse(run.stdout)).toEqual({
      names: ['function', 'function', 'function', 'function', 'function', 'function'],
      plugin: 'llm-cassettes',
      jestSetup: { code: 'ERR_CASSETTE_SETUP', isCassetteError: true },
    })
  })

  test('the llm-cassettes executable runs through npx', async () => {
    const { stdout } = await exec('npx', ['--no-install', 'llm-cassettes', '--help'], { cwd: project.dir })
    expect(stdout).toContain('Usage: llm-cassettes <command> [options]')
    const unknown = await exec('npx', ['--no-install', 'llm-cassettes', 'frobnicate'], { cwd: project.dir }).catch((error: { code: number; stderr: string }) => error)
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
