import { execFile } from 'node:child_process'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { serializeCassette } from '../../src/cassette/serialize.js'
import { encodeBody } from '../../src/providers/openai/python-types.js'
import { REPO_ROOT } from '../support/fixture-project.js'
import { startOpenAIServer, type OpenAIServer } from '../support/openai-server.js'

// Issue 12's promises as users get them: from the packed tarball, under the CommonJS build (Jest's require) and
// the ESM build (Jest's ESM mode, Vitest). The secret rules are a separate bundled file loaded on the first
// write, so every build must find them.

const exec = promisify(execFile)
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm'
const GITHUB_TOKEN = ['ghp', 'aB3dE5fG7hJ9kL2mN4pQ6rS8tU1vW0xYz123'].join('_')

const BODIES = `
const client = wrapOpenAI(new OpenAI({ apiKey: process.env.OPENAI_API_KEY || 'no-key', baseURL: process.env.OPENAI_BASE_URL || 'http://127.0.0.1:9/v1' }))
const chat = (content) => client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content }] })

test('a foreign key', async () => {
  await chat('my token is ${GITHUB_TOKEN}')
})

test('an impossible cassette', async () => {
  await chat('impossible')
})
`

const RUNNERS = [
  {
    name: 'Jest, CommonJS (dist/*.cjs)',
    project: 'commonjs',
    file: 'tests/hardening.test.js',
    esm: false,
    header: "const { OpenAI } = require('openai')\nconst { wrapOpenAI } = require('llm-cassettes')\n",
  },
  {
    name: 'Jest, ESM (dist/*.js)',
    project: 'commonjs',
    file: 'tests/hardening.test.mjs',
    esm: true,
    header: "import { OpenAI } from 'openai'\nimport { wrapOpenAI } from 'llm-cassettes'\n",
  },
  {
    name: 'Vitest (dist/*.js)',
    project: 'module',
    file: 'tests/hardening.test.js',
    esm: true,
    header: "import { test } from 'vitest'\nimport { OpenAI } from 'openai'\nimport { wrapOpenAI } from 'llm-cassettes'\n",
  },
] as const

const CONFIGS = {
  commonjs: [
    'jest.config.js',
    "module.exports = { setupFilesAfterEnv: ['llm-cassettes/jest'], testMatch: ['<rootDir>/tests/**/*.test.{js,mjs}'], moduleFileExtensions: ['js', 'mjs', 'json'], transform: {} }\n",
  ],
  module: [
    'vitest.config.js',
    "import { defineConfig } from 'vitest/config'\nimport { cassettes } from 'llm-cassettes/vitest'\nexport default defineConfig({ plugins: [cassettes()] })\n",
  ],
} as const

const installed = async (name: string) =>
  `${name}@${(JSON.parse(await readFile(join(REPO_ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version}`

/** A cassette of `tests/...` > `an impossible cassette` whose response has a status no response can have. */
function impossibleCassette(): string {
  const endpoint = '/v1/chat/completions'
  const body = { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'impossible' }] }
  return serializeCassette({
    version: 1,
    test: 'hand-made',
    interactions: [
      {
        request: { method: 'POST', url: `https://api.openai.com${endpoint}`, headers: {}, body, endpoint, model: 'gpt-4o-mini' },
        response: { body: encodeBody(endpoint, { id: 'chatcmpl-1', object: 'chat.completion', choices: [] }), is_streaming: false, status: 101 },
      },
    ],
  })
}

const projects = new Map<string, string>()
let server: OpenAIServer

beforeAll(async () => {
  const packDir = await mkdtemp(join(tmpdir(), 'llm-cassettes-pack-'))
  const { stdout } = await exec(NPM, ['pack', '--json', '--pack-destination', packDir], { cwd: REPO_ROOT, maxBuffer: 16 * 1024 * 1024 })
  const [packed] = JSON.parse(stdout.slice(stdout.search(/^\[\s*\{/m))) as { filename: string; files: { path: string }[] }[]
  expect(packed!.files.map((file) => file.path)).toContain('dist/secret-rules.cjs')
  for (const [type, [config, text]] of Object.entries(CONFIGS)) {
    const dir = await mkdtemp(join(tmpdir(), 'llm-cassettes-user-'))
    await writeFile(join(dir, 'package.json'), JSON.stringify({ name: 'user-project', private: true, type }))
    const runner = type === 'module' ? 'vitest' : 'jest'
    await exec(
      NPM,
      ['install', '--prefer-offline', '--no-audit', '--no-fund', join(packDir, packed!.filename), await installed('openai'), await installed(runner)],
      { cwd: dir, maxBuffer: 16 * 1024 * 1024 },
    )
    await writeFile(join(dir, config), text)
    projects.set(type, dir)
  }
  server = await startOpenAIServer()
}, 300_000)

afterAll(async () => {
  await server?.close()
  await Promise.all([...projects.values()].map((dir) => rm(dir, { recursive: true, force: true })))
})

describe.each(RUNNERS)('$name', (runner) => {
  test('a foreign key is refused by the bundled secret rules; an impossible cassette is one CassetteError naming it', async () => {
    const dir = projects.get(runner.project)!
    await mkdir(join(dir, dirname(runner.file)), { recursive: true })
    await writeFile(join(dir, runner.file), `${runner.header}${BODIES}`)
    const impossible = join(dir, 'cassettes', runner.file, 'an impossible cassette.json')
    await mkdir(dirname(impossible), { recursive: true })
    await writeFile(impossible, impossibleCassette())
    const bin = runner.project === 'module' ? join(dir, 'node_modules', 'vitest', 'vitest.mjs') : join(dir, 'node_modules', 'jest', 'bin', 'jest.js')
    const args = runner.project === 'module' ? [bin, 'run', runner.file] : [bin, runner.file.replace(/\./g, '\\.')]
    const env = {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      NO_COLOR: '1',
      OPENAI_BASE_URL: server.url,
      OPENAI_API_KEY: 'sk-test-hardening-0123456789',
      ...(runner.esm && runner.project === 'commonjs' ? { NODE_OPTIONS: '--experimental-vm-modules --no-warnings' } : {}),
    }
    const run = await exec(process.execPath, args, { cwd: dir, env }).then(
      () => ({ code: 0, output: '' }),
      (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, output: `${error.stdout}\n${error.stderr}` }),
    )
    expect(run.code, run.output).toBe(1)
    expect(run.output).toContain(
      `CassetteSecretError: [llm-cassettes] refused to write cassettes/${runner.file}/a foreign key.json: a credential (secretlint: github, GITHUB_TOKEN) appears at $.interactions[0].request.body.messages[0].content.`,
    )
    expect(run.output).toContain(
      `cassettes/${runner.file}/an impossible cassette.json: $.interactions[0].response.status must be the status of a final HTTP response`,
    )
    expect(run.output).not.toContain('Connection error')
    expect(run.output).not.toContain(GITHUB_TOKEN)
  })
})
