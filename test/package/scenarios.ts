// The scenarios that decide what users see, written once. Each runner gets the same test bodies (plain
// JavaScript) under its own header: how that runner's users load `test`, `expect`, openai and llm-cassettes.

export const API_KEY = 'sk-test-packed-0123456789abcdef'
export const RECORDED_PROMPT = 'Hello'
export const CHANGED_PROMPT = 'Goodbye'

/** The test bodies. `OPENAI_BASE_URL` / `OPENAI_API_KEY` are set while recording; CI replays with neither. */
const BODIES = `
const apiKey = process.env.OPENAI_API_KEY || 'no-key-in-ci'
const client = wrapOpenAI(new OpenAI({ apiKey, baseURL: process.env.OPENAI_BASE_URL || 'http://127.0.0.1:9/v1' }))
const chat = (content, options = {}) => client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content }], ...options })

test('streams a reply', async () => {
  const stream = await chat('stream this', { stream: true })
  const parts = []
  for await (const chunk of stream) parts.push(chunk.choices[0]?.delta?.content ?? '')
  expect(parts.join('')).toBe('Echo: stream this')
  expect(parts.length).toBeGreaterThan(2)
})

test('succeeds when the sdk retries', async () => {
  // The server fails this model's first request with a retryable 500; the SDK's own retry succeeds.
  const completion = await client.chat.completions.create({ model: 'flaky-500', messages: [{ role: 'user', content: 'flaky' }] })
  expect(completion.choices[0].message.content).toBe('Echo: flaky')
})

test('answers the prompt', async () => {
  const prompt = process.env.PROMPT || '${RECORDED_PROMPT}'
  const completion = await chat(prompt)
  expect(completion.choices[0].message.content).toBe('Echo: ' + prompt)
})

test('puts the key in a prompt', async () => {
  await chat('my key is ' + apiKey)
})
`

export interface Runner {
  name: string
  /** The user project it runs in (PROJECTS). */
  project: ProjectName
  /** The test file, relative to the project. */
  file: string
  header: string
  /** The command line that runs `file` only and writes Jest-shaped JSON results to `results`. */
  args(results: string): string[]
  /** `jest-esm`: Jest under Node's --experimental-vm-modules, as Jest's ESM docs say. */
  command: 'jest' | 'jest-esm' | 'vitest'
  /** The oldest Node major it runs on here. */
  minimumNode?: number
}

const ESM_IMPORTS = `import { OpenAI } from 'openai'
import { wrapOpenAI } from 'llm-cassettes'
`

export const RUNNERS: Runner[] = [
  {
    name: 'Jest, CommonJS: require() loads dist/*.cjs',
    project: 'jest',
    file: 'tests/scenarios.test.js',
    header: `const { OpenAI } = require('openai')
const { wrapOpenAI } = require('llm-cassettes')
`,
    args: (results) => ['--json', '--outputFile', results, 'scenarios\\.test\\.js$'],
    command: 'jest',
  },
  {
    name: 'Jest, ESM: import loads dist/*.js',
    project: 'jest',
    file: 'tests/scenarios.test.mjs',
    header: ESM_IMPORTS,
    args: (results) => ['--json', '--outputFile', results, 'scenarios\\.test\\.mjs$'],
    command: 'jest-esm',
  },
  {
    name: 'Vitest 4: import loads dist/*.js',
    project: 'vitest',
    file: 'tests/scenarios.test.js',
    header: `import { expect, test } from 'vitest'\n${ESM_IMPORTS}`,
    args: (results) => ['--reporter=default', '--reporter=json', '--outputFile', results],
    command: 'vitest',
  },
  {
    name: 'Vitest 5: import loads dist/*.js',
    project: 'vitest-5',
    file: 'tests/scenarios.test.js',
    header: `import { expect, test } from 'vitest'\n${ESM_IMPORTS}`,
    args: (results) => ['--reporter=default', '--reporter=json', '--outputFile', results],
    command: 'vitest',
    // Vitest 5 declares Node 22: on Node 20 its reporter crashes on the first failing test (Map.groupBy is not a
    // function) and never prints the failure, and these scenarios expect failing tests.
    minimumNode: 22,
  },
]

export const testFileFor = (runner: Runner) => `${runner.header}${BODIES}`

const JEST_CONFIG = `module.exports = {
  setupFilesAfterEnv: ['llm-cassettes/jest'],
  reporters: ['default', 'llm-cassettes/jest-reporter'],
  testMatch: ['<rootDir>/tests/**/*.test.{js,mjs}'],
  moduleFileExtensions: ['js', 'mjs', 'cjs', 'json'],
  transform: {},
}
`

const VITEST_CONFIG = `import { defineConfig } from 'vitest/config'
import { cassettes } from 'llm-cassettes/vitest'
export default defineConfig({ plugins: [cassettes()], test: { include: ['tests/**/*.test.js'] } })
`

export type ProjectName = 'vitest' | 'vitest-5' | 'jest'

export interface ProjectSetup {
  /** package.json `"type"`: the Jest project is CommonJS, as `npm init -y` makes it. */
  type: 'module' | 'commonjs'
  /** The runner installed beside openai: the package this repository has (`vitest-v5`), installed as `as`. */
  runner: { installed: string; as: string }
  config: [file: string, text: string]
}

/** The user projects the runners share. */
export const PROJECTS: Record<ProjectName, ProjectSetup> = {
  vitest: { type: 'module', runner: { installed: 'vitest', as: 'vitest' }, config: ['vitest.config.js', VITEST_CONFIG] },
  'vitest-5': { type: 'module', runner: { installed: 'vitest-v5', as: 'vitest' }, config: ['vitest.config.js', VITEST_CONFIG] },
  jest: { type: 'commonjs', runner: { installed: 'jest', as: 'jest' }, config: ['jest.config.js', JEST_CONFIG] },
}

export type Outcome = { status: 'passed' } | { status: 'failed'; says: string[] }

/** What each scenario does in each phase, under every runner. `%file` is the cassette folder of the runner's test file. */
export const SCENARIOS: { test: string; record: Outcome; replay: Outcome }[] = [
  { test: 'streams a reply', record: { status: 'passed' }, replay: { status: 'passed' } },
  { test: 'succeeds when the sdk retries', record: { status: 'passed' }, replay: { status: 'passed' } },
  {
    test: 'answers the prompt',
    record: { status: 'passed' },
    replay: {
      status: 'failed',
      says: [
        'CassetteMissError: [llm-cassettes] no recording for POST /v1/chat/completions (model gpt-4o-mini)',
        'cassette: cassettes/%file/answers the prompt.json',
        'mode:     replay (CI detected)',
        'call 1 of 1 in this test is the first that has no recording.',
        'recording #1, POST /v1/chat/completions (model gpt-4o-mini), differs in:',
        `body.messages[0].content: recorded "${RECORDED_PROMPT}", now "${CHANGED_PROMPT}"`,
      ],
    },
  },
  {
    test: 'puts the key in a prompt',
    record: {
      status: 'failed',
      says: [
        "CassetteSecretError: [llm-cassettes] refused to write cassettes/%file/puts the key in a prompt.json: the client's API key appears at $.interactions[0].request.body.messages[0].content.",
      ],
    },
    // Nothing was written, so CI has nothing to replay.
    replay: { status: 'failed', says: ['CassetteMissError', 'The cassette does not exist or holds no interactions.'] },
  },
]
