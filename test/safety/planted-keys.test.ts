import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { keyEncodings } from '../../src/safety/key-encodings.js'
import { FixtureProject } from '../support/fixture-project.js'
import { startOpenAIServer, type OpenAIServer } from '../support/openai-server.js'

const KEY = 'sk-proj-PLANTED0123456789abcdefXYZ'
const FILE = 'cassettes/tests/planted.test.ts'
const REFUSED: [test: string, jsonPath: string][] = [
  ['key in the request body', '$.interactions[0].request.body.messages[0].content'],
  ['key in the response body', '$.interactions[0].response.body.__data__.choices[0].message.content'],
  ['key in a tool argument', '$.interactions[0].response.body.__data__.choices[0].message.tool_calls[0].function.arguments'],
  ['key in a streamed chunk', '$.interactions[0].response.body[3].__data__.choices[0].delta.content'],
]

let server: OpenAIServer
let project: FixtureProject
beforeAll(async () => {
  server = await startOpenAIServer()
  project = await FixtureProject.create('secrets')
})
afterAll(async () => {
  await server.close()
  await project.remove()
})

/** Every byte under the project's cassettes/, including temporary and lock files. */
async function allBytes(): Promise<Buffer> {
  const root = project.path('cassettes')
  const entries = await readdir(root, { recursive: true, withFileTypes: true })
  const files = entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name))
  return Buffer.concat(await Promise.all(files.map((file) => readFile(file))))
}

test('a key planted in headers, query, body, a tool argument and a streamed chunk: zero bytes of it on disk', async () => {
  const env = { OPENAI_BASE_URL: server.url, OPENAI_API_KEY: KEY }
  const clean = await project.run([], { ...env, PLANT: '0' })
  expect(clean.output).toContain('Tests  6 passed (6)')
  const before = await project.cassetteTexts()
  expect(Object.keys(before)).toHaveLength(6)

  const planted = await project.run([], { ...env, PLANT: '1', LLM_CASSETTES_MODE: 'record' })
  expect(planted.code).toBe(1)
  expect(planted.output).toContain('Tests  4 failed | 2 passed (6)')
  for (const [name, jsonPath] of REFUSED) {
    expect(planted.output).toContain(`CassetteSecretError: [llm-cassettes] refused to write ${FILE}/${name}.json: the client's API key appears at ${jsonPath}.`)
  }
  // The refused cassettes keep their old content, byte for byte; the others were rewritten without the key.
  expect(await project.cassetteTexts()).toEqual(before)
  const bytes = await allBytes()
  const forms = keyEncodings(KEY).map((encoding) => encoding.text)
  const found = forms.filter((form) => bytes.includes(form))
  console.log(
    `planted keys: 6 places, ${REFUSED.length} writes refused, ${bytes.length} bytes on disk scanned for ${forms.length} encodings of the key, ${found.length} found`,
  )
  expect(found).toEqual([])
  const query = JSON.parse(before[`tests/planted.test.ts/key in the query.json`]!) as { interactions: { request: { url: string } }[] }
  expect(query.interactions[0]!.request.url).toContain('api-key=%5BREDACTED%5D')

  // Redacted query and all: everything replays offline.
  const replay = await project.run([], { CI: 'true', OPENAI_BASE_URL: 'http://127.0.0.1:9/v1', OPENAI_API_KEY: KEY, PLANT: '0' })
  expect(replay.output).toContain('Tests  6 passed (6)')
})
