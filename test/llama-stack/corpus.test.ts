import { readFileSync } from 'node:fs'
import { relative } from 'node:path'
import OpenAI, { APIError } from 'openai'
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest'
import { readRecording, wrapOpenAI, type LlamaStackRecording } from '../../src/index.js'
import { normalizedEndpoint } from '../../src/llama-stack/as-interaction.js'
import { jsonFilesUnder, RECORDING_SETS } from './corpus.js'

type Category =
  | 'chat json'
  | 'chat stream'
  | 'completions json'
  | 'completions stream'
  | 'embeddings'
  | 'models'
  | 'exceptions'
  | 'Ollama'
  | 'other typed'
  | 'untyped'

const CATEGORIES: readonly Category[] = [
  'chat json',
  'chat stream',
  'completions json',
  'completions stream',
  'embeddings',
  'models',
  'exceptions',
  'Ollama',
  'other typed',
  'untyped',
]
const NOT_SENT: readonly Category[] = ['Ollama', 'other typed', 'untyped']

function isOpenAIType(value: unknown): boolean {
  return typeof value === 'object' && value !== null && String((value as { __type__?: unknown }).__type__).startsWith('openai.types.')
}

function typeNameOf(body: unknown): string | undefined {
  const first = Array.isArray(body) ? body[0] : body
  const type = typeof first === 'object' && first !== null ? (first as { __type__?: unknown }).__type__ : undefined
  return typeof type === 'string' ? type : undefined
}

/** Recordings the openai SDK cannot send: loaded and readable only. */
function notSentCategory(body: unknown): Category {
  const type = typeNameOf(body)
  if (type === undefined) return 'untyped'
  return type.startsWith('ollama._types.') ? 'Ollama' : 'other typed'
}

function dataOf(value: unknown): unknown {
  return (value as { __data__: unknown }).__data__
}

/** The category a recording is replayed as; the last three are loaded and read, not sent through the SDK. */
function categoryOf(recording: LlamaStackRecording): Category {
  const { request, response } = recording
  if (typeof request['endpoint'] !== 'string') return notSentCategory(response.body)
  const endpoint = normalizedEndpoint(request['endpoint'], request['url'])
  if (response.is_exception === true && endpoint.startsWith('/v1/')) return 'exceptions'
  const body = response.body
  const openAI = Array.isArray(body) ? body.length > 0 && body.every(isOpenAIType) : isOpenAIType(body)
  if (!openAI) return notSentCategory(body)
  const streamed = response.is_streaming === true
  switch (endpoint) {
    case '/v1/chat/completions':
      return streamed ? 'chat stream' : 'chat json'
    case '/v1/completions':
      return streamed ? 'completions stream' : 'completions json'
    case '/v1/embeddings':
      return 'embeddings'
    case '/v1/models':
      return 'models'
  }
  throw new Error(`no category for ${request['method']} ${endpoint}`)
}

async function collect<T>(stream: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = []
  for await (const item of stream) items.push(item)
  return items
}

type Body = Record<string, unknown>

async function replayThroughSdk(client: OpenAI, category: Category, recording: LlamaStackRecording): Promise<void> {
  const body = recording.request['body'] as Body
  const recorded = recording.response.body
  switch (category) {
    case 'chat json':
      expect(await client.chat.completions.create(body as never)).toEqual(dataOf(recorded))
      return
    case 'completions json':
      expect(await client.completions.create(body as never)).toEqual(dataOf(recorded))
      return
    case 'embeddings':
      expect(await client.embeddings.create(body as never)).toEqual(dataOf(recorded))
      return
    case 'chat stream':
      expect(await collect((await client.chat.completions.create(body as never)) as unknown as AsyncIterable<unknown>)).toEqual(
        (recorded as unknown[]).map(dataOf),
      )
      return
    case 'completions stream':
      expect(await collect((await client.completions.create(body as never)) as unknown as AsyncIterable<unknown>)).toEqual((recorded as unknown[]).map(dataOf))
      return
    case 'exceptions': {
      const data = recording.response['exception_data'] as { type: string; status_code: number; body: { message: string } }
      const error = await client.chat.completions.create(body as never).then(
        () => undefined,
        (thrown: unknown) => thrown,
      )
      expect(error).toBeInstanceOf(APIError)
      expect((error as APIError).constructor.name).toBe(data.type)
      expect((error as APIError).status).toBe(data.status_code)
      expect((error as APIError).message).toBe(`${data.status_code} ${data.body.message}`)
      return
    }
    default:
      return
  }
}

/** The files of one request recorded with different responses, as the duplicate warning lists them. */
function duplicateFilesIn(warning: string): string[] {
  const match = /is recorded \d+ times with different responses; replay serves them in this order, one per call, the last one repeating: (.*)$/.exec(warning)
  expect(match, warning).not.toBeNull()
  return match![1]!.split(', ')
}

for (const set of RECORDING_SETS) {
  describe.skipIf(set.root === undefined)(set.label, () => {
    const root = set.root!
    const files = jsonFilesUnder(set.root)
    const recordings = new Map<string, LlamaStackRecording>()
    const counts = new Map<Category, number>()
    const warnings: string[] = []
    let client: OpenAI

    // Every file is read and given exactly one category before any test runs, so the report covers them all.
    beforeAll(async () => {
      // The warnings loading these recordings gives are checked below rather than printed.
      vi.spyOn(process, 'emitWarning').mockImplementation((warning: string | Error) => void warnings.push(String(warning)))
      // No test runner session here: this is the plain-Node path, served only from the recordings.
      client = wrapOpenAI(new OpenAI({ apiKey: 'unused', baseURL: 'http://127.0.0.1:9/v1', maxRetries: 0 }), {
        llamaStackRecordings: root,
        mode: 'replay',
      })
      for (const file of files) {
        const recording = await readRecording(file)
        recordings.set(file, recording)
        const category = categoryOf(recording)
        counts.set(category, (counts.get(category) ?? 0) + 1)
      }
      const line = CATEGORIES.map((category) => `${category} ${counts.get(category) ?? 0}`).join(' · ')
      console.log(`[corpus] ${set.label}: ${files.length} files: ${line}`)
    })
    afterAll(() => void vi.restoreAllMocks())

    test('no category is empty and every file has one', () => {
      for (const category of CATEGORIES) expect(counts.get(category) ?? 0, category).toBeGreaterThan(0)
      expect([...counts.values()].reduce((a, b) => a + b, 0)).toBe(files.length)
    })

    // Files run in path order, the order in which the client serves a request recorded more than once.
    test.each(files.map((file) => [relative(root, file), file]))('%s', async (_name, file) => {
      const recording = recordings.get(file)!
      const category = categoryOf(recording)
      if (NOT_SENT.includes(category)) {
        // Kept exactly as stored, type names included.
        expect(recording).toEqual(JSON.parse(readFileSync(file, 'utf8')))
        if (category !== 'untyped') expect(typeNameOf(recording.response.body)).toMatch(/^[a-z_]+\.[\w.]+$/)
      } else if (category !== 'models') await replayThroughSdk(client, category, recording)
    })

    test('models.list() returns the union of every models-* file, deduplicated by id in file order', async () => {
      const modelLists = [...recordings.values()].filter((recording) => categoryOf(recording) === 'models')
      expect(modelLists.length).toBeGreaterThan(1)
      const union = new Map<string, unknown>()
      for (const list of modelLists) {
        for (const model of list.response.body as unknown[]) {
          const data = dataOf(model) as { id: string }
          if (!union.has(data.id)) union.set(data.id, data)
        }
      }
      const listed = await collect(client.models.list())
      expect(listed).toEqual([...union.values()])
      console.log(`[corpus] ${set.label}: models ${modelLists.length} files → ${union.size} unique`)
    })

    test('the only warnings are about requests recorded more than once with different responses, and each is one', () => {
      expect(warnings.length).toBeGreaterThan(0)
      console.log(`[corpus] ${set.label}: ${warnings.length} request(s) recorded more than once with different responses`)
      for (const warning of warnings) {
        const group = duplicateFilesIn(warning).map((file) => recordings.get(file)!)
        for (const other of group) expect(other.request['body']).toEqual(group[0]!.request['body'])
        expect(new Set(group.map((recording) => JSON.stringify(recording.response))).size, warning).toBeGreaterThan(1)
      }
    })
  })
}
