import { describe, expect, test } from 'vitest'
// @ts-expect-error: the fixture's scenario list is plain JavaScript (Vitest and Jest both run it untransformed).
import { scenarios } from '../fixtures/anthropic-fidelity/scenarios/hand-made.mjs'
import { startAnthropicServer } from '../support/anthropic-server/index.js'
import type { FixtureProject } from '../support/fixture-project.js'
import { addVerdicts, cassettesByTest } from './anthropic-fidelity.js'
import { ANTHROPIC_API_KEY, ANTHROPIC_COLUMNS, ANTHROPIC_VERSIONS, DEAD_ANTHROPIC_URL, FIDELITY_RUNNERS } from './anthropic-versions.js'
import type { CompatResults } from './compat-table.js'
import { expectCompatTable } from './docs-table.js'
import { expectReplayMatchesLive } from './run-fidelity.js'

const compat: CompatResults = {}
/** Every scenario of the list, by the name its observations are kept under. */
const SCENARIOS = (scenarios as { group: string; name: string }[]).map(({ group, name }) => `${group} › ${name}`)
const TOOL_RUNNER = 'tools › the SDK tool runner (beta.messages.toolRunner)'

/** What the cassettes of one run hold: the Python SDK's classes, no credential, readable batch results, retries in order. */
async function expectCassettes(project: FixtureProject): Promise<void> {
  const texts = await project.cassetteTexts()
  for (const [file, text] of Object.entries(texts)) {
    expect(text, file).not.toContain(ANTHROPIC_API_KEY)
    expect(text, file).not.toMatch(/"(x-api-key|authorization)":/i)
  }
  const byTest = cassettesByTest(texts)
  const only = (name: string) => {
    const cassette = byTest.get(name)
    expect(cassette, `a cassette for ${name} among ${[...byTest.keys()].join(', ')}`).toBeDefined()
    return cassette!.interactions
  }
  const [create] = only('messages > create')
  expect(create!.response['body']).toMatchObject({ __type__: 'anthropic.types.message.Message' })
  expect(create!.response['headers']).toMatchObject({ 'request-id': expect.stringMatching(/^req_/), 'anthropic-workspace-id': 'wrkspc_01TestWorkspace' })

  const [stream] = only('messages > create stream: true, typed events')
  const chunkTypes = (stream!.response['body'] as { __type__?: string; __data__?: { type?: string } }[]).map((chunk) => chunk.__type__)
  expect(chunkTypes[0]).toBe('anthropic.types.raw_message_start_event.RawMessageStartEvent')
  expect(chunkTypes.at(-1)).toBe('anthropic.types.raw_message_stop_event.RawMessageStopEvent')
  const untypedEvents = (stream!.response['body'] as { __type__?: string; type?: string }[]).filter(
    (chunk) => !chunk.__type__?.startsWith('anthropic.types.raw_'),
  )
  expect(
    untypedEvents.every((chunk) => chunk.type === 'ping'),
    'every event but ping is typed',
  ).toBe(true)

  const thinking = only('thinking > thinking_delta and signature_delta, streamed')[0]!.response['body'] as { __data__?: { delta?: { type: string } } }[]
  expect(thinking.map((chunk) => chunk.__data__?.delta?.type).filter(Boolean)).toEqual(
    expect.arrayContaining(['thinking_delta', 'signature_delta', 'text_delta']),
  )

  expect(only('endpoints > countTokens')[0]!.response['body']).toMatchObject({ __type__: 'anthropic.types.message_tokens_count.MessageTokensCount' })
  const page = only('endpoints > models.list, every page with for await')
  expect(page.map((interaction) => new URL(interaction.request.url).search)).toEqual([
    '?limit=2',
    '?limit=2&after_id=claude-sonnet-4-5',
    '?limit=2&after_id=claude-3-7-sonnet',
  ])
  expect(page[0]!.response['body']).toMatchObject({ data: [{ __type__: 'anthropic.types.model_info.ModelInfo' }, {}] })

  const [beta] = only('endpoints > beta.messages.create with betas')
  expect(beta!.request.headers).toEqual({ 'anthropic-beta': 'token-efficient-tools-2025-02-19' })
  expect(beta!.response['body']).toMatchObject({ __type__: 'anthropic.types.beta.beta_message.BetaMessage' })

  const batches = only('batches > create, retrieve, list, results (JSONL from another origin), cancel, delete')
  const results = batches.find((interaction) => String(interaction.request['endpoint']).endsWith('/results'))!
  expect(new URL(results.request.url).origin).not.toBe(new URL(batches[0]!.request.url).origin)
  expect(results.response['body']).toMatchObject({
    __type__: 'llm_cassettes.JsonLines',
    __data__: {
      lines: [
        { __type__: 'anthropic.types.messages.message_batch_individual_response.MessageBatchIndividualResponse', __data__: { custom_id: 'first' } },
        { __data__: { custom_id: 'second' } },
      ],
    },
  })
  expect(batches[0]!.response['body']).toMatchObject({ __type__: 'anthropic.types.messages.message_batch.MessageBatch' })

  const flaky = only('retries > flaky-429: a failure then a success, retried by the SDK')
  expect(flaky.map((interaction) => interaction.response['status'] ?? 200)).toEqual([429, 200])
  expect(flaky[0]!.response).toMatchObject({
    is_exception: true,
    exception_data: { type: 'RateLimitError', body: { type: 'error', error: { type: 'rate_limit_error' } } },
  })
  const exhausted = only('retries > every retry fails: the last error')
  expect(exhausted.map((interaction) => (interaction.response['exception_data'] as { type: string }).type)).toEqual([
    'OverloadedError',
    'OverloadedError',
    'OverloadedError',
  ])
}

// One scenario list (test/fixtures/anthropic-fidelity/scenarios/hand-made.mjs), run live against the hand-made
// Anthropic server in record mode, then from its cassettes with the server stopped: per SDK version, under
// Vitest and under Jest. Every observation must be deep-equal between the two runs.
describe.each(ANTHROPIC_VERSIONS)('@anthropic-ai/sdk $version ($alias)', ({ version, alias }) => {
  test.each(FIDELITY_RUNNERS)('under %s, replay is indistinguishable from the live run', async (runner) => {
    const server = await startAnthropicServer()
    try {
      const result = await expectReplayMatchesLive({
        fixture: 'anthropic-fidelity',
        runner: runner === 'jest' ? 'jest' : 'vitest',
        env: { ANTHROPIC_PACKAGE: alias, ANTHROPIC_API_KEY },
        liveEnv: { ANTHROPIC_BASE_URL: server.url },
        deadEnv: { ANTHROPIC_BASE_URL: DEAD_ANTHROPIC_URL },
        stopServers: () => server.close(),
        inspect: expectCassettes,
      })
      addVerdicts(compat, version, result)
      const unavailable = version === '0.39' ? [TOOL_RUNNER] : []
      expect(result.notes['note-unavailable']).toEqual(unavailable)
      expect(Object.keys(result.verdicts).sort()).toEqual(SCENARIOS.filter((name) => !unavailable.includes(name)).sort())
      // The recorded failures asked the SDK to wait a second (live took over 1000 ms); the replayed retries do not
      // wait (the bound leaves room for a loaded machine).
      expect(result.notes['note-retry-ms flaky-429']).toBeLessThan(900)
      expect(result.notes['note-retry-ms flaky-529']).toBeLessThan(900)
    } finally {
      await server.close()
    }
  })
})

// Runs after the versions above (tests in a file run in order).
test('the compatibility table in docs/compatibility.md is the one this run produced', async () => {
  expect(Object.keys(compat).length).toBeGreaterThan(20)
  await expectCompatTable('anthropic-hand-made-server', compat, ANTHROPIC_COLUMNS)
})
