import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { cassettePathFor } from '../../src/cassette/paths.js'
import { serializeCassette } from '../../src/cassette/serialize.js'
import { createFileStore } from '../../src/cassette/store.js'
import { CassetteError } from '../../src/errors.js'
import { accountForRun } from '../../src/report/end-of-run.js'
import { testFileUse, type TestOutcome } from '../../src/report/test-outcome.js'
import { startTestAttempt } from '../../src/runner/test-attempt.js'
import type { SessionSummary } from '../../src/session/session-summary.js'

let root: string
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'llm-cassettes-named-'))
  await mkdir(join(root, 'test'))
  await writeFile(join(root, 'test', 'chat.test.ts'), '')
  await writeFile(join(root, 'test', 'other.test.ts'), '')
})
afterEach(() => rm(root, { recursive: true, force: true }))

const settings = () => ({ root, dir: join(root, 'cassettes') })
const attempt = (file: string, names: string[]) =>
  startTestAttempt({ file, names, occurrence: 1 }, settings(), { recordCommand: () => '', updateState: () => undefined }, createFileStore())

describe("useCassette(name) never resolves to a test's own cassette", () => {
  test("a name inside a test file's cassette folder is refused, naming the folder and a way out", () => {
    const { session } = attempt('test/other.test.ts', ['x'])
    let error: unknown
    try {
      session.useCassette('test/chat.test.ts/chat › answers')
    } catch (caught) {
      error = caught
    }
    expect(error).toBeInstanceOf(CassetteError)
    expect((error as CassetteError).code).toBe('ERR_CASSETTE_NAME')
    expect((error as Error).message).toContain(
      'useCassette("test/chat.test.ts/chat › answers") names a cassette in cassettes/test/chat.test.ts/, the folder of the own cassettes of the tests in test/chat.test.ts',
    )
    expect((error as Error).message).toContain('e.g. "shared/chat › answers"')
  })

  test("any other name is its own file, outside every test file's folder", () => {
    const { session } = attempt('test/other.test.ts', ['x'])
    expect(() => session.useCassette('shared/greetings')).not.toThrow()
    expect(session.summary().cassettePath).toBe(join(root, 'cassettes', 'shared', 'greetings.json'))
    expect(session.summary().cassettePath).not.toBe(
      cassettePathFor(join(root, 'cassettes'), { file: 'test/chat.test.ts', names: ['greetings'], occurrence: 1 }),
    )
  })
})

describe('a cassette used by any test of a complete run is never obsolete', () => {
  const summary = (cassettePath: string, shared: boolean): SessionSummary => ({
    cassettePath,
    shared,
    mode: 'replay',
    replayed: 1,
    recorded: 0,
    missed: 0,
    tokensSaved: 0,
    unused: [],
    saved: false,
  })

  test("a named cassette in another test file's folder, used from a test of another file: kept, even with -u", async () => {
    const dir = join(root, 'cassettes')
    // Written before this check existed, or while its test file did not: it lies in chat.test.ts's folder.
    const named = join(dir, 'test', 'chat.test.ts', 'shared.json')
    const own = cassettePathFor(dir, { file: 'test/chat.test.ts', names: ['answers'], occurrence: 1 })
    await mkdir(join(dir, 'test', 'chat.test.ts'), { recursive: true })
    const cassette = serializeCassette({ version: 1, test: 'useCassette("test/chat.test.ts/shared")', interactions: [] })
    await writeFile(named, cassette)
    await writeFile(own, serializeCassette({ version: 1, test: 'test/chat.test.ts > answers', interactions: [] }))
    const chatTests: TestOutcome[] = [{ state: 'passed', cassettePath: own, summary: summary(own, false) }]
    const otherTests: TestOutcome[] = [{ state: 'passed', cassettePath: join(dir, 'test', 'other.test.ts', 'y.json'), summary: summary(named, true) }]
    const account = await accountForRun({
      root,
      dir,
      tests: [...chatTests, ...otherTests],
      ranInFull: [testFileUse(join(dir, 'test', 'chat.test.ts'), chatTests), testFileUse(join(dir, 'test', 'other.test.ts'), otherTests)],
      complete: true,
      remove: true,
    })
    expect(account?.removals).toEqual([])
    expect(await readFile(named, 'utf8')).toBe(cassette)
    expect(existsSync(own)).toBe(true)
  })
})
