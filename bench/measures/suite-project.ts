import { cp, mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { untyped } from '../../src/cassette/typed-value.js'
import type { Cassette } from '../../src/cassette/types.js'
import { sseText } from '../support/chat-cassette.js'
import { REPO_ROOT } from '../support/workspace.js'

/** The generated project's size, and whether its tests report their worker's memory (measure 12). */
export interface SuiteShape {
  files: number
  testsPerFile: number
  /**
   * Each test file appends its worker's heap and RSS (after a forced GC) after its first and its last test to
   * `$BENCH_MEMORY_LOG`, and the replaying config times the plugin's end-of-run reporter (`bench-cassette-report-ms`
   * on stderr). Off for measure 4, whose suite stays as it was.
   */
  probe: boolean
}

/** Measure 4's project: 200 tests in 2 files. */
export const SMALL_SUITE: SuiteShape = { files: 2, testsPerFile: 100, probe: false }
/** The test server answers "Echo: <prompt>" one word per chunk: 17 words make 20 chunks. */
const WORDS = 17

export const CASSETTES_CONFIG = 'vitest.cassettes.config.ts'
export const MEMORY_CONFIG = 'vitest.memory.config.ts'

const promptOf = (file: number, test: number): string => Array.from({ length: WORDS }, (_, word) => `f${file}t${test}w${word}`).join(' ')

/** The line the timed reporter prints on stderr, then its milliseconds. */
export const REPORT_TIME_MARK = 'bench-cassette-report-ms'

/**
 * A plugin placed after `cassettes()`: Vitest calls `configureVitest` in plugin order, so the plugin's reporter
 * (the one reporter object in the list) is there to be wrapped, and its `onTestRunEnd` (the run's summary, the
 * obsolete scan, the report file) timed as Vitest awaits it.
 */
const TIME_REPORT_PLUGIN = `const timeCassetteReport = {
  name: 'bench-time-cassette-report',
  configureVitest({ vitest }) {
    const reporter = vitest.config.reporters.find((entry) => typeof entry?.onTestRunEnd === 'function')
    if (!reporter) throw new Error('bench: the cassettes() reporter is not in the reporter list')
    const onTestRunEnd = reporter.onTestRunEnd.bind(reporter)
    reporter.onTestRunEnd = async (...args) => {
      const start = performance.now()
      await onTestRunEnd(...args)
      process.stderr.write(\`${REPORT_TIME_MARK} \${(performance.now() - start).toFixed(2)}\\n\`)
    }
  },
}
`

function config(plugin: boolean, client: string, probe: boolean): string {
  const plugins = plugin ? (probe ? 'cassettes(), timeCassetteReport' : 'cassettes()') : ''
  return [
    "import { fileURLToPath } from 'node:url'",
    "import { defineConfig } from 'vitest/config'",
    ...(plugin ? ["import { cassettes } from 'llm-cassettes/vitest'"] : []),
    '',
    ...(plugin && probe ? [TIME_REPORT_PLUGIN] : []),
    'export default defineConfig({',
    ...(plugins ? [`  plugins: [${plugins}],`] : []),
    `  resolve: { alias: { '#client': fileURLToPath(new URL('./tests/${client}', import.meta.url)) } },`,
    `  test: { include: ['tests/**/*.test.ts']${probe ? ", execArgv: ['--expose-gc']" : ''} },`,
    '})',
    '',
  ].join('\n')
}

const CASSETTE_CLIENT = `import OpenAI from 'openai'
import { wrapOpenAI } from 'llm-cassettes'

export const clientFor = (_responses: Record<string, string>) => wrapOpenAI(new OpenAI({ maxRetries: 0 }))
`

const MEMORY_CLIENT = `import OpenAI from 'openai'

/** An in-memory fetch: the recorded SSE bytes for the request's prompt, as one body. */
export const clientFor = (responses: Record<string, string>) =>
  new OpenAI({
    apiKey: 'sk-bench-memory',
    maxRetries: 0,
    fetch: async (_url, init) => {
      const prompt = JSON.parse(String(init?.body)).messages[0].content
      return new Response(responses[prompt], { headers: { 'content-type': 'text/event-stream' } })
    },
  })
`

/** The line a probed test file appends to `$BENCH_MEMORY_LOG`: file, tests done, heap used and RSS in bytes. */
export const MEMORY_MARK = 'bench-memory'

/** After the first and the last test of the file: the worker's memory after a forced GC, appended to the log (none while recording). */
const memoryProbe = (file: number, tests: number): string[] => [
  "import { appendFileSync } from 'node:fs'",
  "import { afterEach } from 'vitest'",
  'let done = 0',
  'afterEach(() => {',
  '  done += 1',
  `  if ((done !== 1 && done !== ${tests}) || !process.env.BENCH_MEMORY_LOG) return`,
  '  globalThis.gc()',
  '  const { heapUsed, rss } = process.memoryUsage()',
  `  appendFileSync(process.env.BENCH_MEMORY_LOG, \`${MEMORY_MARK} ${file} \${done} \${heapUsed} \${rss}\\n\`)`,
  '})',
]

/** One test file; both suites run it unchanged, only `#client` differs. `responses` is empty until recorded. */
function testFile(shape: SuiteShape, file: number, responses: Record<string, string>): string {
  const tests = Array.from({ length: shape.testsPerFile }, (_, test) => {
    const prompt = promptOf(file, test)
    return [
      `test('case ${test}', async () => {`,
      `  const stream = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: ${JSON.stringify(prompt)} }], stream: true })`,
      "  let text = ''",
      "  for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? ''",
      `  expect(text).toBe(${JSON.stringify(`Echo: ${prompt}`)})`,
      '})',
    ].join('\n')
  })
  return [
    "import { expect, test } from 'vitest'",
    "import { clientFor } from '#client'",
    ...(shape.probe ? memoryProbe(file, shape.testsPerFile) : []),
    '',
    `const RESPONSES: Record<string, string> = ${JSON.stringify(responses)}`,
    'const client = clientFor(RESPONSES)',
    '',
    ...tests,
    '',
  ].join('\n')
}

const testPath = (dir: string, file: number) => join(dir, 'tests', `t${file}.test.ts`)

/**
 * llm-cassettes as `npm install` leaves it: a copy of package.json and dist/ inside the project's
 * node_modules. Vitest imports packages in node_modules natively; a symlink into the repository would resolve
 * outside node_modules and make Vite transform dist/ as project source, which no user's install does. The
 * project's own package.json keeps Node from resolving `llm-cassettes` to the repository by name.
 */
export async function installPackage(dir: string): Promise<void> {
  const installed = join(dir, 'node_modules', 'llm-cassettes')
  await mkdir(installed, { recursive: true })
  await cp(join(REPO_ROOT, 'package.json'), join(installed, 'package.json'))
  await cp(join(REPO_ROOT, 'dist'), join(installed, 'dist'), { recursive: true })
  await writeFile(join(dir, 'package.json'), `${JSON.stringify({ name: 'bench-suite', private: true, type: 'module' })}\n`)
}

/** A project of `shape.files` × `shape.testsPerFile` streamed-chat tests, with llm-cassettes installed from this repository's build. */
export async function writeSuiteProject(dir: string, shape: SuiteShape): Promise<void> {
  await mkdir(join(dir, 'tests'), { recursive: true })
  await installPackage(dir)
  await writeFile(join(dir, CASSETTES_CONFIG), config(true, 'client-cassettes.ts', shape.probe))
  await writeFile(join(dir, MEMORY_CONFIG), config(false, 'client-memory.ts', shape.probe))
  await writeFile(join(dir, 'tests', 'client-cassettes.ts'), CASSETTE_CLIENT)
  await writeFile(join(dir, 'tests', 'client-memory.ts'), MEMORY_CLIENT)
  for (let file = 0; file < shape.files; file++) await writeFile(testPath(dir, file), testFile(shape, file, {}))
}

export const cassettePathOf = (dir: string, file: number, test: number): string => join(dir, 'cassettes', 'tests', `t${file}.test.ts`, `case ${test}.json`)

/** After recording: every test file gets the SSE bytes of its own cassettes, for the in-memory fetch. */
export async function embedRecordedBytes(dir: string, shape: SuiteShape): Promise<void> {
  for (let file = 0; file < shape.files; file++) {
    const responses: Record<string, string> = {}
    for (let test = 0; test < shape.testsPerFile; test++) {
      const cassette = JSON.parse(await readFile(cassettePathOf(dir, file, test), 'utf8')) as Cassette
      const interaction = cassette.interactions[0]!
      responses[promptOf(file, test)] = sseText((interaction.response.body as unknown[]).map(untyped))
    }
    await writeFile(testPath(dir, file), testFile(shape, file, responses))
  }
}
