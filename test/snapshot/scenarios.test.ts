import { execFileSync } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { FixtureProject, type JestPackage, type RunResult, type VitestPackage } from '../support/fixture-project.js'
import { startOpenAIServer, type OpenAIServer } from '../support/openai-server.js'

const API_KEY = 'sk-test-snapshot-0123456789'
const DEAD = { OPENAI_BASE_URL: 'http://127.0.0.1:9/v1', OPENAI_API_KEY: API_KEY }
const FILE = 'agent.test.mjs'
const CASSETTES = [
  `${FILE}/#hooks.json`,
  `${FILE}/agent › #hooks.json`,
  `${FILE}/agent › hooks.json`,
  `${FILE}/agent › one prompt.json`,
  `${FILE}/agent › paced stream.json`,
  `${FILE}/agent › tool loop.json`,
]
/** 2 file hooks + 1 describe hook + 1 root afterEach + 1 + 7 (tool loop) + 1 (stream). */
const CALLS = 13

interface Runner {
  name: string
  vitest?: VitestPackage
  jest?: JestPackage
}

/** Every scenario runs under each of these, on the same fixture project (test/fixtures/snapshot). */
const RUNNERS: Runner[] = (
  [
    { name: 'Vitest 4', vitest: 'vitest' },
    { name: 'Vitest 3', vitest: 'vitest-v3' },
    { name: 'Vitest 5', vitest: 'vitest-v5' },
    { name: 'Jest 30', jest: 'jest' },
    { name: 'Jest 29', jest: 'jest-v29' },
  ] satisfies Runner[]
).filter((runner) => !process.env.ONLY_RUNNER || runner.name === process.env.ONLY_RUNNER)

function git(project: FixtureProject, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=test', '-c', 'user.email=test@example.com', ...args], { cwd: project.dir, encoding: 'utf8' })
}

const summaryLine = (run: RunResult) => run.output.split('\n').find((line) => line.startsWith('Cassettes  '))

interface Cassette {
  interactions: { request: { body: { messages: { role: string; content: string | null; tool_call_id?: string }[] } } }[]
}

describe.each(RUNNERS)('$name: snapshot semantics', (runner) => {
  let project: FixtureProject
  let server: OpenAIServer
  const run = (args: string[], env: Record<string, string>): Promise<RunResult> =>
    runner.jest ? project.runJest(args, env, { jest: runner.jest, esm: true }) : project.run(args, env)
  const live = () => ({ OPENAI_BASE_URL: server.url, OPENAI_API_KEY: API_KEY })
  const cassette = async (name: string) => JSON.parse(await project.read(`cassettes/${FILE}/${name}.json`)) as Cassette
  const prompts = async (name: string) => (await cassette(name)).interactions.map((interaction) => interaction.request.body.messages.at(-1)!.content)
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const results = async (dir: string, name: string): Promise<any> => JSON.parse(await readFile(project.path(dir, `${name}.json`), 'utf8'))

  beforeAll(async () => {
    project = await FixtureProject.create('snapshot', runner.vitest ? { vitest: runner.vitest } : {})
    server = await startOpenAIServer()
  })

  afterAll(async () => {
    await server.close()
    await project.remove()
  })

  test("the first run records every call once; beforeAll/afterAll calls get a cassette per file and describe, next to the tests'", async () => {
    const record = await run([], { ...live(), RESULTS_DIR: project.path('results', 'record') })
    expect(record.code, record.output).toBe(0)
    expect(server.requests).toHaveLength(CALLS)
    expect(await project.cassettes()).toEqual(CASSETTES)
    expect(await prompts('#hooks')).toEqual(['file beforeAll', 'file afterAll'])
    expect(await prompts('agent › #hooks')).toEqual(['describe beforeAll'])
    // A beforeEach/afterEach call, even one defined at the root of the test file, belongs to the test's cassette.
    expect(await prompts('agent › hooks')).toEqual(['root afterEach'])
    expect(await prompts('agent › one prompt')).toEqual(['hello'])
    expect((await cassette('agent › tool loop')).interactions).toHaveLength(7)
    git(project, 'init', '-q')
    git(project, 'add', '-A')
    git(project, 'commit', '-q', '-m', 'recorded')
  })

  test('with nothing changed, -u makes no live call (the network is down) and leaves git status clean', async () => {
    const update = await run(['-u'], DEAD)
    expect(update.code, update.output).toBe(0)
    expect(summaryLine(update)).toMatch(new RegExp(`^Cassettes {2}${CALLS} replayed · 0 recorded · 0 obsolete · 0 missing`))
    expect(git(project, 'status', '--porcelain')).toBe('')
  })

  test('in CI the hook calls replay, and a test replaying with its recorded timing sees it within 10%', async () => {
    const replay = await run([], { ...DEAD, CI: 'true', RESULTS_DIR: project.path('results', 'replay') })
    expect(replay.code, replay.output).toBe(0)
    expect(await results('results/replay', 'file-afterAll')).toBe('Echo: file afterAll')
    const recorded = (await results('results/record', 'paced')) as Record<string, number>
    const replayed = (await results('results/replay', 'paced')) as Record<string, number>
    console.log(
      `${runner.name}: paced stream recorded ${recorded.firstChunk!.toFixed(0)} ms to first chunk, ${recorded.total!.toFixed(0)} ms in all; replayed ${replayed.firstChunk!.toFixed(0)} ms, ${replayed.total!.toFixed(0)} ms`,
    )
    expect(recorded.firstChunk).toBeGreaterThan(250)
    for (const measure of ['firstChunk', 'total']) {
      expect(Math.abs(replayed[measure]! - recorded[measure]!) / recorded[measure]!, measure).toBeLessThan(0.1)
    }
  })

  test("after one prompt changes, -u sends that call alone and rewrites exactly that test's cassette", async () => {
    const before = server.requests.length
    const update = await run(['-u'], { ...live(), PROMPT: 'goodbye' })
    expect(update.code, update.output).toBe(0)
    expect(server.requests.slice(before).map((request) => JSON.stringify(request.body))).toEqual([expect.stringContaining('"goodbye"')])
    expect(git(project, 'status', '--porcelain')).toBe(` M "cassettes/${FILE}/agent \\342\\200\\272 one prompt.json"\n`)
    expect(await prompts('agent › one prompt')).toEqual(['goodbye'])
    git(project, 'commit', '-q', '-am', 'goodbye')
  })

  test('a 7-call tool loop whose third prompt changed reports "call 3 of 7", the calls that matched and the diff against call 3', async () => {
    const replay = await run([], { ...DEAD, CI: 'true', PROMPT: 'goodbye', STEP3: 'And the day after?', RESULTS_DIR: project.path('results', 'miss') })
    expect(replay.code).toBe(1)
    const message = await results('results/miss', 'tool-loop-error')
    expect(message).toContain('call 3 of 7 in this test is the first that has no recording; calls 1–2 matched recordings #1–#2.')
    expect(message).toContain('recording #3, POST /v1/chat/completions (model volatile-model), differs in:')
    expect(message).toContain('body.messages[4].content: recorded "And tomorrow?", now "And the day after?"')
    if (runner.vitest !== 'vitest-v5') expect(replay.output).toContain('call 3 of 7 in this test')
  })

  test('-u then replays calls 1–2 and records from call 3 on; only the tool loop cassette changes', async () => {
    const before = server.requests.length
    const old = await cassette('agent › tool loop')
    const update = await run(['-u'], { ...live(), PROMPT: 'goodbye', STEP3: 'And the day after?' })
    expect(update.code, update.output).toBe(0)
    expect(server.requests.length - before).toBe(5)
    expect(git(project, 'status', '--porcelain')).toBe(` M "cassettes/${FILE}/agent \\342\\200\\272 tool loop.json"\n`)
    const now = await cassette('agent › tool loop')
    expect(now.interactions.slice(0, 2)).toEqual(old.interactions.slice(0, 2))
    expect(now.interactions[2]!.request.body.messages[4]!.content).toBe('And the day after?')
    // The tool call's id, made up afresh by the server, is quoted by its stand-in in every later request.
    const quoted = new Set(now.interactions.slice(1, 7).map((interaction) => interaction.request.body.messages[2]!.tool_call_id))
    expect([...quoted]).toEqual([expect.stringMatching(/^call_rec-[0-9a-f]{12}-1$/)])
    git(project, 'commit', '-q', '-am', 'day after')
  })

  test('LLM_CASSETTES_MODE=record re-records every call; with ids made up afresh and new timings, no byte changes', async () => {
    const before = server.requests.length
    const record = await run([], { ...live(), LLM_CASSETTES_MODE: 'record', PROMPT: 'goodbye', STEP3: 'And the day after?' })
    expect(record.code, record.output).toBe(0)
    expect(server.requests.length - before).toBe(CALLS)
    expect(git(project, 'status', '--porcelain')).toBe('')
  })

  test("a describe's beforeAll that no longer calls leaves its hooks cassette obsolete, and -u on a complete run deletes it", async () => {
    const env = { ...DEAD, PROMPT: 'goodbye', STEP3: 'And the day after?', DROP_DESCRIBE_HOOK: '1' }
    const replay = await run([], { ...env, CI: 'true' })
    expect(replay.code, replay.output).toBe(0)
    expect(replay.output).toContain(`Obsolete cassettes: 1`)
    expect(replay.output).toContain(`   cassettes/${FILE}/agent › #hooks.json`)
    const update = await run(['-u'], env)
    expect(update.code, update.output).toBe(0)
    expect(update.output).toContain(`Cassettes: deleted cassettes/${FILE}/agent › #hooks.json`)
    expect(git(project, 'status', '--porcelain')).toBe(` D "cassettes/${FILE}/agent \\342\\200\\272 #hooks.json"\n`)
  })
})
