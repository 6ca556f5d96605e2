import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterEach, beforeEach, expect, test } from 'vitest'
import { cassettePathFor, namedCassettePath, testFileCassetteDir } from '../../src/cassette/paths.js'
import { serializeCassette } from '../../src/cassette/serialize.js'
import { findOrphans } from '../../src/report/orphans.js'

let root: string
let dir: string

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'orphans-'))
  dir = join(root, 'cassettes')
})
afterEach(() => rm(root, { recursive: true, force: true }))

async function write(path: string, text: string): Promise<string> {
  await mkdir(dirname(path), { recursive: true })
  await writeFile(path, text)
  return path
}

/** A test's own cassette, as the setup files write it: its `test` label starts with the test file. */
const ownCassette = (file: string, name: string) =>
  write(cassettePathFor(dir, { file, names: [name], occurrence: 1 }), serializeCassette({ version: 1, test: `${file} > ${name}`, interactions: [] }))

test('lists the cassettes of test files that are gone, whatever their names escape to, and nothing else', async () => {
  // Gone: names whose folders are escaped (`#`, `%`, a leading dot, `..`) or hold the label separator.
  const gone = [
    await ownCassette('tests/we#ird 100%.test.ts', 'a'),
    await ownCassette('tests/.hidden.test.ts', 'b'),
    await ownCassette('../outside.test.ts', 'c'),
    await ownCassette('tests/a > b.test.ts', 'd'),
  ]
  // There: a test file that exists (whether or not the run ran it), and one the run owns.
  await write(join(root, 'tests', 'kept.test.ts'), '')
  await ownCassette('tests/kept.test.ts', 'e')
  await ownCassette('tests/owned.test.ts', 'f')
  // Never: a named cassette, other JSON beside orphans, a cassette whose label names another folder's file.
  await write(namedCassettePath(dir, 'shared/greetings'), serializeCassette({ version: 1, test: 'useCassette("shared/greetings")', interactions: [] }))
  await write(join(testFileCassetteDir(dir, 'tests/we#ird 100%.test.ts'), 'notes.json'), '{ "note": "mine" }\n')
  await write(join(dir, 'moved', 'x.json'), serializeCassette({ version: 1, test: 'tests/gone.test.ts > x', interactions: [] }))

  const owned = new Set([testFileCassetteDir(dir, 'tests/owned.test.ts')])
  expect((await findOrphans(dir, root, owned)).sort()).toEqual(gone.sort())
})

test('no cassette dir: nothing', async () => {
  expect(await findOrphans(dir, root, new Set())).toEqual([])
})
