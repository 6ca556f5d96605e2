import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { isDeepStrictEqual } from 'node:util'
import type { Polly as PollyClass, PollyConfig } from '@pollyjs/core'
import { adapterBySuffix } from '../support/adapters.js'
import { cassetteOf, chatChunks, chatInteraction, chatRequest, sseText, writeCassette } from '../support/chat-cassette.js'
import { drain, plainClient, wrappedClient } from '../support/clients.js'
import { inSession } from '../support/replay-session.js'
import { ms, ratio, type Row } from '../support/row.js'
import { setUp } from '../support/setup-error.js'
import { pooled, ratioAcross, timingsInProcesses, type Timings } from '../support/processes.js'
import { alternate, median } from '../support/stats.js'
import { withWorkspace } from '../support/workspace.js'

/**
 * The contenders, imported when the measure runs rather than with this module (which bench/child.ts loads for
 * every in-process measure): one not installed makes this measure "could not be set up", like a busy port.
 */
async function importContenders() {
  return setUp('aimock and Polly.js (dev dependencies: npm install)', async () => {
    const [{ LLMock }, { Polly }, fetchAdapter, fsPersister] = await Promise.all([
      import('@copilotkit/aimock'),
      import('@pollyjs/core'),
      import('@pollyjs/adapter-fetch'),
      import('@pollyjs/persister-fs'),
    ])
    // Both are CommonJS whose `module.exports` is the class; their types describe an ES module's default export.
    Polly.register(fetchAdapter.default as unknown as Parameters<typeof Polly.register>[0])
    Polly.register(fsPersister.default as unknown as Parameters<typeof Polly.register>[0])
    return { LLMock, Polly }
  })
}

/** The two streamed chat replays every contender serves: 1,000 chunks (as #1) and 20 (as a typical test's). */
const SIZES = [1_000, 20] as const
const PROMPT = (size: number) => `Write ${size} chunks`

type Chunk = Record<string, unknown>
const collect = async (stream: AsyncIterable<unknown>): Promise<Chunk[]> => {
  const out: Chunk[] = []
  for await (const chunk of stream) out.push(chunk as Chunk)
  return out
}
const deltaText = (chunk: Chunk) => ((chunk.choices as { delta?: { content?: string } }[])[0]?.delta?.content ?? '') as string

/**
 * How a served stream differs from the recording, in words (empty when it is the recording exactly). For aimock,
 * whose fixture holds the reply's text and builds the chunks itself, and for Polly, whose HAR holds the SSE text.
 */
function differences(served: readonly Chunk[], recorded: readonly Chunk[]): string[] {
  if (isDeepStrictEqual(served, recorded)) return []
  const found: string[] = []
  if (served.length !== recorded.length) found.push(`${served.length} chunks for ${recorded.length}`)
  if (served.map(deltaText).join('') !== recorded.map(deltaText).join('')) found.push('other text')
  else if (served.length === recorded.length && served.some((chunk, i) => deltaText(chunk) !== deltaText(recorded[i]!))) found.push('other chunk boundaries')
  const keys = (chunk: Chunk | undefined) =>
    Object.keys(chunk ?? {})
      .sort()
      .join(',')
  const missing = Object.keys(recorded[1] ?? {}).filter((key) => !(key in (served[1] ?? {})))
  if (missing.length > 0) found.push(`no ${missing.join(', ')}`)
  else if (keys(served[1]) !== keys(recorded[1])) found.push('other chunk fields')
  const firstDelta = (chunks: readonly Chunk[]) => (chunks[0]?.choices as { delta?: unknown }[] | undefined)?.[0]?.delta
  if (!isDeepStrictEqual(firstDelta(served), firstDelta(recorded))) found.push(`first delta ${JSON.stringify(firstDelta(served))}`)
  return found.length > 0 ? found : ['other values']
}

/** aimock's fixture for a recorded chat stream: it keeps the reply's text and the ids, and cuts the text into chunks of equal length itself. */
function aimockFixture(size: number, chunks: readonly Chunk[]) {
  const deltas = chunks.slice(1, -1).map(deltaText)
  const content = deltas.join('')
  const first = chunks[0] as { id: string; created: number; model: string; system_fingerprint: string }
  return {
    match: { userMessage: PROMPT(size) },
    // The nearest aimock gets to the recorded number of chunks: equal slices of the average delta's length.
    chunkSize: Math.max(1, Math.round(content.length / deltas.length)),
    response: { content, id: first.id, created: first.created, model: first.model, systemFingerprint: first.system_fingerprint, finishReason: 'stop' },
  }
}

/** The SDK keeps the fetch it finds when constructed: this one goes through globalThis.fetch, which Polly patches. */
const throughGlobalFetch = ((input: string | URL | Request, init?: RequestInit) => globalThis.fetch(input, init)) as ReturnType<typeof plainClient>['fetch']

/** Polly as its docs set it up for Node's fetch: the fetch adapter, HAR files on disk, any host and headers matching. */
const pollyConfig = (mode: 'record' | 'replay', recordingsDir: string): PollyConfig => ({
  mode,
  adapters: ['fetch'],
  adapterOptions: { fetch: { context: globalThis } },
  persister: 'fs',
  persisterOptions: { fs: { recordingsDir } },
  recordIfMissing: false,
  logLevel: 'silent',
  matchRequestsBy: { headers: false, order: false, url: { hostname: false, port: false, protocol: false } },
})

/** Polly records each size once, from a local server sending the recording as the API sends it (SSE). */
async function recordWithPolly(Polly: typeof PollyClass, recordingsDir: string, sse: Map<number, string>): Promise<void> {
  const server = createServer((request, response) => {
    let body = ''
    request.on('data', (data: Buffer) => (body += data.toString()))
    request.on('end', () => {
      const size = SIZES.find((candidate) => body.includes(JSON.stringify(PROMPT(candidate))))!
      response.writeHead(200, { 'content-type': 'text/event-stream' })
      response.end(sse.get(size))
    })
  })
  await setUp(
    'a local server for Polly to record from',
    () => new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve)),
  )
  try {
    const baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`
    for (const size of SIZES) {
      const polly = new Polly(`chat-${size}`, pollyConfig('record', recordingsDir))
      const client = plainClient(baseURL, throughGlobalFetch)
      await drain(await client.chat.completions.create(chatRequest(PROMPT(size))))
      await polly.stop()
    }
  } finally {
    server.close()
  }
}

/**
 * #9 and #10, in one process: llm-cassettes replaying each size from its cassette on disk (a new session per
 * call, as per test), aimock serving a fixture of the same recording over HTTP (started once, as a suite
 * starts it; the fixture file is loaded at start), and Polly replaying its HAR of the same recording (a new
 * Polly per call, as per test), all to the same `openai` SDK, alternating. The series `served…` carry how many
 * chunks each contender served (one value), for the table.
 */
export async function contenderTimings(): Promise<Timings> {
  return withWorkspace('contenders', async (dir) => {
    const { LLMock, Polly } = await importContenders()
    const recordingsDir = join(dir, 'polly')
    const recorded = new Map<number, Chunk[]>(SIZES.map((size) => [size, chatChunks(size)]))
    const cassettes = new Map<number, string>()
    const fixtures = []
    for (const size of SIZES) {
      const path = join(dir, 'cassettes', `chat-${size}.json`)
      await writeCassette(path, cassetteOf(`bench > chat ${size}`, [chatInteraction(PROMPT(size), recorded.get(size)!)]))
      cassettes.set(size, path)
      fixtures.push(aimockFixture(size, recorded.get(size)!))
    }
    const fixtureFile = join(dir, 'aimock-fixtures.json')
    await writeFile(fixtureFile, JSON.stringify({ fixtures }, null, 2))
    await recordWithPolly(Polly, recordingsDir, new Map(SIZES.map((size) => [size, sseText(recorded.get(size)!)])))

    const mock = new LLMock({ port: 0, logLevel: 'silent' } as ConstructorParameters<typeof LLMock>[0])
    mock.loadFixtureFile(fixtureFile)
    await setUp('aimock', () => mock.start())
    try {
      const ours = wrappedClient()
      const viaAimock = plainClient(`${mock.url}/v1`)
      const viaPolly = plainClient('http://127.0.0.1:9/v1', throughGlobalFetch)
      const contenders: Record<string, () => Promise<Chunk[]>> = {}
      for (const size of SIZES) {
        const request = chatRequest(PROMPT(size))
        contenders[`replay${size}`] = () => inSession(cassettes.get(size)!, 'replay', async () => collect(await ours.chat.completions.create(request)))
        contenders[`aimock${size}`] = async () => collect(await viaAimock.chat.completions.create(request))
        contenders[`polly${size}`] = async () => {
          const polly = new Polly(`chat-${size}`, pollyConfig('replay', recordingsDir))
          try {
            return await collect(await viaPolly.chat.completions.create(request))
          } finally {
            await polly.stop()
          }
        }
      }
      const served: Timings = {}
      const notes: string[] = []
      for (const [name, run] of Object.entries(contenders)) {
        const size = Number(/\d+$/.exec(name)![0])
        const chunks = await run()
        served[`served${name}`] = [chunks.length]
        const found = differences(chunks, recorded.get(size)!)
        if (name.startsWith('replay') && found.length > 0) throw new Error(`the replay of ${size} chunks differs from its recording: ${found.join('; ')}`)
        if (found.length > 0) notes.push(`${name}: ${found.join('; ')}`)
      }
      if (notes.length > 0) process.stderr.write(`bench #9/#10: served streams that are not the recording exactly: ${notes.join(' | ')}\n`)
      // The least any replay through the SDK can take, whatever serves it: the SDK's own request path plus
      // reading, parsing and iterating the recording (#1's floor), each timed in the same rounds.
      const openai = adapterBySuffix('')
      const bounds: Record<string, () => Promise<unknown>> = { request: openai.requestPath!() }
      for (const size of SIZES) bounds[`floor${size}`] = () => openai.floor(cassettes.get(size)!)
      const times = await alternate({ ...contenders, ...bounds }, { rounds: 30, warmup: 6 })
      return { ...times, ...served }
    } finally {
      await mock.stop()
    }
  })
}

/**
 * Per process, per round: the least a replay of `size` chunks through the SDK could take, the SDK's request path
 * plus #1's floor (read + `JSON.parse` + the SDK's `Stream`). A contender's time over it is as much faster as any
 * replay could be than that contender.
 */
function leastReplay(runs: readonly Timings[], size: number): number[][] {
  return runs.map((run) => run[`floor${size}`]!.map((floor, round) => floor + run['request']![round]!))
}

/** #9 (aimock, ≥ 10× faster) and #10 (Polly, ≥ 5× faster): the same recordings replayed by each, from fresh processes. */
export async function replayVsContenders(): Promise<Row[]> {
  const runs = await timingsInProcesses('9')
  const contenders = [
    { id: '9', name: 'aimock', label: '`@copilotkit/aimock` serving a fixture of the same recording (HTTP, started once)', target: 10 },
    { id: '10', name: 'polly', label: 'Polly.js (fetch adapter, fs persister) replaying its HAR of the same recording', target: 5 },
  ]
  return contenders.flatMap(({ id, name, label, target }) =>
    SIZES.map((size, i) => {
      const faster = ratioAcross(runs, `${name}${size}`, `replay${size}`)
      const least = leastReplay(runs, size)
      const bound = median(runs.map((run, process) => median(run[`${name}${size}`]!.map((time, round) => time / least[process]![round]!))))
      const served = runs[0]![`served${name}${size}`]![0]!
      return {
        id: `${id}${'ab'[i]}`,
        measure: `replay a ${size.toLocaleString('en')}-chunk streamed chat completion, \`for await\`${i === 0 ? ` against ${label}` : ''}`,
        ours: ms(median(pooled(runs, `replay${size}`))),
        baseline: `${name === 'aimock' ? 'aimock' : 'Polly'} ${ms(median(pooled(runs, `${name}${size}`)))}${served === size ? '' : ` (served ${served} chunks)`}`,
        result: `${ratio(faster)} faster (at most ${ratio(bound)}, for a replay costing only the SDK's request path and the floor: ${ms(median(least.flat()))})`,
        target: `≥ ${ratio(target)} faster`,
        met: faster >= target,
      }
    }),
  )
}
