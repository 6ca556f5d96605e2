import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import type { CompatColumn, CompatResults } from '../fidelity/compat-table.js'
import { expectCompatTable } from '../fidelity/docs-table.js'
import { expectReplayMatchesLive } from '../fidelity/run-fidelity.js'
import { startAnthropicServer } from '../support/anthropic-server/index.js'
import { REPO_ROOT } from '../support/fixture-project.js'
import { startGeminiServer } from '../support/gemini-server/index.js'
import { startOpenAIServer } from '../support/openai-server.js'

const NODE_MAJOR = process.versions.node.split('.')[0]!
const version = (name: string) => (JSON.parse(readFileSync(join(REPO_ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version

/** A column header: each package (or [package, the alias it is installed as]) with the version that ran, and the Node. */
function versions(packages: (string | [name: string, alias: string])[]): string {
  return [
    ...packages.map((entry) => (typeof entry === 'string' ? `${entry} ${version(entry)}` : `${entry[0]} ${version(entry[1])}`)),
    `Node ${NODE_MAJOR}`,
  ].join('<br>')
}

/** One run of test/fixtures/fetch-sdks: which suite, with which SDK versions, into which table's column. */
interface SdkSet {
  table: string
  column: string
  label: string
  env: Record<string, string>
}

// The scenarios are written once per SDK family; the AI SDK's run twice, once per major (the fixture's config
// aliases `ai` and `@ai-sdk/*` to the v6 packages for AI_SDK=6).
const SETS: SdkSet[] = [
  {
    table: 'ai-sdk',
    column: 'ai7',
    label: versions(['ai', '@ai-sdk/openai', '@ai-sdk/anthropic', '@ai-sdk/google', '@ai-sdk/openai-compatible']),
    env: { FETCH_SUITE: 'ai-sdk' },
  },
  {
    table: 'ai-sdk',
    column: 'ai6',
    label: versions([
      ['ai', 'ai-v6'],
      ['@ai-sdk/openai', 'ai-sdk-openai-v3'],
      ['@ai-sdk/anthropic', 'ai-sdk-anthropic-v3'],
      ['@ai-sdk/google', 'ai-sdk-google-v3'],
      ['@ai-sdk/openai-compatible', 'ai-sdk-openai-compatible-v2'],
    ]),
    env: { FETCH_SUITE: 'ai-sdk', AI_SDK: '6' },
  },
  {
    table: 'langchain',
    column: 'langchain',
    label: versions(['@langchain/openai', '@langchain/anthropic', '@langchain/core']),
    env: { FETCH_SUITE: 'langchain' },
  },
  { table: 'genai', column: 'genai', label: versions(['@google/genai']), env: { FETCH_SUITE: 'genai' } },
]

const results = new Map<string, { compat: CompatResults; columns: CompatColumn[] }>()

// Each set runs live against the hand-made OpenAI, Anthropic and Gemini servers in record mode, then from its
// cassettes with the servers stopped; every kept value must be deep-equal.
describe.each(SETS.map((set) => [`${set.table} (${set.column})`, set] as const))('%s', (_name, { table, column, label, env }) => {
  test('replay is indistinguishable from the live run', async () => {
    const openai = await startOpenAIServer()
    const anthropic = await startAnthropicServer()
    const gemini = await startGeminiServer()
    const stopServers = async () => {
      await Promise.all([openai.close(), anthropic.close(), gemini.close()])
    }
    try {
      const { verdicts, notes } = await expectReplayMatchesLive({
        fixture: 'fetch-sdks',
        env,
        liveEnv: { OPENAI_BASE_URL: openai.url, ANTHROPIC_ORIGIN: anthropic.url, GEMINI_ORIGIN: gemini.origin },
        deadEnv: { ANTHROPIC_ORIGIN: 'http://127.0.0.1:9', GEMINI_ORIGIN: 'http://127.0.0.1:9' },
        stopServers,
      })
      const entry = results.get(table) ?? { compat: {}, columns: [] }
      entry.columns.push([column, label])
      for (const [name, verdict] of Object.entries(verdicts)) (entry.compat[name] ??= {})[column] = verdict
      results.set(table, entry)
      // A replayed 429 asks for no wait (live, Gemini's made the AI SDK wait its 2 s back-off).
      for (const [name, ms] of Object.entries(notes)) if (name.startsWith('note-retry-ms')) expect(ms, name).toBeLessThan(500)
    } finally {
      await stopServers()
    }
  })
})

// After every set above (tests in a file run in order): one table per SDK family and Node major.
test.each([...new Set(SETS.map(({ table }) => table))])('docs/compatibility.md holds the %s table this run produced', async (table) => {
  const entry = results.get(table)
  expect(entry, `the ${table} runs above did not finish`).toBeDefined()
  expect(entry!.columns).toHaveLength(SETS.filter((set) => set.table === table).length)
  await expectCompatTable(`fetch-${table}-node${NODE_MAJOR}`, entry!.compat, entry!.columns)
})
