import { cp, mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { untyped } from '../../src/cassette/typed-value.js'
import type { Cassette } from '../../src/cassette/types.js'
import { sseText } from '../support/chat-cassette.js'
import { REPO_ROOT } from '../support/workspace.js'

export const FILES = 2
export const TESTS_PER_FILE = 100
/** The test server answers "Echo: <prompt>" one word per chunk: 17 words make 20 chunks. */
const WORDS = 17

export const CASSETTES_CONFIG = 'vitest.cassettes.config.ts'
export const MEMORY_CONFIG = 'vitest.memory.config.ts'

const promptOf = (file: number, test: number): string => Array.from({ length: WORDS }, (_, word) => `f${file}t${test}w${word}`).join(' ')

function config(plugin: boolean, client: string): string {
  return [
    "import { fileURLToPath } from 'node:url'",
    "import { defineConfig } from 'vitest/config'",
    ...(plugin ? ["import { cassettes } from 'llm-cassettes/vitest'"] : []),
    '',
    'export default defineConfig({',
    ...(plugin ? ['  plugins: [cassettes()],'] : []),
    `  resolve: { alias: { '#client': fileURLToPath(new URL('./tests/${client}', import.meta.url)) } },`,
    "  test: { include: ['tests/**/*.test.ts'] },",
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

/** One test file; both suites run it unchanged, only `#client` differs. `responses` is empty until recorded. */
function testFile(file: number, responses: Record<string, string>): string {
  const tests = Array.from({ length: TESTS_PER_FILE }, (_, test) => {
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

/** A project of FILES × TESTS_PER_FILE streamed-chat tests, with llm-cassettes installed from this repository's build. */
export async function writeSuiteProject(dir: string): Promise<void> {
  await mkdir(join(dir, 'tests'), { recursive: true })
  await installPackage(dir)
  await writeFile(join(dir, CASSETTES_CONFIG), config(true, 'client-cassettes.ts'))
  await writeFile(join(dir, MEMORY_CONFIG), config(false, 'client-memory.ts'))
  await writeFile(join(dir, 'tests', 'client-cassettes.ts'), CASSETTE_CLIENT)
  await writeFile(join(dir, 'tests', 'client-memory.ts'), MEMORY_CLIENT)
  for (let file = 0; file < FILES; file++) await writeFile(testPath(dir, file), testFile(file, {}))
}

/** After recording: every test file gets the SSE bytes of its own cassettes, for the in-memory fetch. */
export async function embedRecordedBytes(dir: string): Promise<void> {
  for (let file = 0; file < FILES; file++) {
    const responses: Record<string, string> = {}
    for (let test = 0; test < TESTS_PER_FILE; test++) {
      const cassettePath = join(dir, 'cassettes', 'tests', `t${file}.test.ts`, `case ${test}.json`)
      const cassette = JSON.parse(await readFile(cassettePath, 'utf8')) as Cassette
      const interaction = cassette.interactions[0]!
      responses[promptOf(file, test)] = sseText((interaction.response.body as unknown[]).map(untyped))
    }
    await writeFile(testPath(dir, file), testFile(file, responses))
  }
}
