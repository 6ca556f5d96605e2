import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import type { CompatColumn, CompatResults } from '../fidelity/compat-table.js'
import { expectCompatTable } from '../fidelity/docs-table.js'
import { expectReplayMatchesLive } from '../fidelity/run-fidelity.js'
import { REPO_ROOT } from '../support/fixture-project.js'
import { startChatAndEmbeddings } from './llama-server.js'

const NODE_MAJOR = process.versions.node.split('.')[0]!
const version = (name: string) => (JSON.parse(readFileSync(join(REPO_ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version

const SETS: { table: string; column: string; label: string; env: Record<string, string> }[] = [
  { table: 'ai-sdk', column: 'ai7', label: `ai ${version('ai')} (@ai-sdk/* 4)`, env: { FETCH_SDK: 'ai-sdk' } },
  { table: 'ai-sdk', column: 'ai6', label: `ai ${version('ai-v6')} (@ai-sdk/* 3)`, env: { FETCH_SDK: 'ai-sdk', AI_SDK: '6' } },
  {
    table: 'langchain',
    column: 'langchain',
    label: `@langchain/openai ${version('@langchain/openai')}<br>@langchain/anthropic ${version('@langchain/anthropic')}`,
    env: { FETCH_SDK: 'langchain' },
  },
]

const results = new Map<string, { compat: CompatResults; columns: CompatColumn[] }>()

// The fetch-based SDKs against llama.cpp's llama-server (built by .ci/run): recorded live, replayed with the
// servers stopped, every kept value compared.
describe.each(SETS.map((set) => [set.column, set] as const))('%s against llama-server', (_name, { table, column, label, env }) => {
  test('replay is indistinguishable from the live run', async () => {
    const { chat, embeddings, stop: stopServers } = await startChatAndEmbeddings()
    try {
      const { verdicts } = await expectReplayMatchesLive({
        fixture: 'fetch-sdks',
        env: { FETCH_SUITE: 'llama-server', ...env },
        liveEnv: { OPENAI_BASE_URL: chat.url, EMBEDDINGS_BASE_URL: embeddings.url },
        deadEnv: { EMBEDDINGS_BASE_URL: 'http://127.0.0.1:9/v1' },
        stopServers,
      })
      const entry = results.get(table) ?? { compat: {}, columns: [] }
      entry.columns.push([column, `${label}<br>Node ${NODE_MAJOR}`])
      for (const [name, verdict] of Object.entries(verdicts)) (entry.compat[name] ??= {})[column] = verdict
      results.set(table, entry)
    } finally {
      await stopServers()
    }
  })
})

test.each([...new Set(SETS.map(({ table }) => table))])('docs/compatibility.md holds the %s table against llama-server this run produced', async (table) => {
  const entry = results.get(table)
  expect(entry?.columns, `the ${table} runs above did not finish`).toHaveLength(SETS.filter((set) => set.table === table).length)
  await expectCompatTable(`fetch-${table}-llama-server-node${NODE_MAJOR}`, entry!.compat, entry!.columns)
})
