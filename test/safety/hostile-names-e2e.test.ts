import { readdir, readFile } from 'node:fs/promises'
import { isAbsolute, join, relative, sep } from 'node:path'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { HOSTILE_NAMES } from '../fixtures/hostile/tests/names.js'
import { FixtureProject } from '../support/fixture-project.js'
import { startOpenAIServer, type OpenAIServer } from '../support/openai-server.js'

let server: OpenAIServer
let project: FixtureProject
beforeAll(async () => {
  server = await startOpenAIServer()
  project = await FixtureProject.create('hostile')
})
afterAll(async () => {
  await server.close()
  await project.remove()
})

/** Every file the run created anywhere in the project, relative to it, except the fixture's own. */
async function createdFiles(): Promise<string[]> {
  const entries = await readdir(project.dir, { recursive: true, withFileTypes: true })
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(project.dir, join(entry.parentPath, entry.name)))
    .filter((file) => !file.startsWith('tests') && !file.startsWith('node_modules') && file !== 'vitest.config.ts')
}

test(`${HOSTILE_NAMES.length} hostile test names through real Vitest: all inside cassettes/, one file each, ≤ 255 bytes a segment, stable`, async () => {
  const run = await project.run([], { OPENAI_BASE_URL: server.url, OPENAI_API_KEY: 'sk-test-hostile-0123456789' })
  expect(run.output).toContain(`Tests  ${HOSTILE_NAMES.length} passed (${HOSTILE_NAMES.length})`)
  const files = await createdFiles()
  for (const file of files) {
    expect(file.startsWith(`cassettes${sep}`) && !isAbsolute(file), file).toBe(true)
    for (const segment of file.split(sep)) expect(Buffer.byteLength(segment), segment).toBeLessThanOrEqual(255)
  }
  expect(files).toHaveLength(HOSTILE_NAMES.length)
  expect(new Set(files.map((file) => file.normalize('NFC').toUpperCase().toLowerCase())).size).toBe(HOSTILE_NAMES.length)
  // Each file holds its own test's call.
  const tests = await Promise.all(files.map(async (file) => (JSON.parse(await readFile(project.path(file), 'utf8')) as { test: string }).test))
  expect(new Set(tests).size).toBe(HOSTILE_NAMES.length)
  const before = await project.cassetteTexts()

  // The same names map to the same files: CI replays every test, and nothing is added.
  const replay = await project.run([], { CI: 'true', OPENAI_BASE_URL: 'http://127.0.0.1:9/v1' })
  expect(replay.output).toContain(`Tests  ${HOSTILE_NAMES.length} passed (${HOSTILE_NAMES.length})`)
  expect(await project.cassetteTexts()).toEqual(before)
  const longest = Math.max(...files.flatMap((file) => file.split(sep).map((segment) => Buffer.byteLength(segment))))
  console.log(
    `hostile names through Vitest: ${HOSTILE_NAMES.length} tests → ${files.length} files, all inside cassettes/, longest segment ${longest} bytes, replayed from the same files`,
  )
})
