import { execFile } from 'node:child_process'
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { chatJson, chatStream, writeCassette } from './helpers.js'

const exec = promisify(execFile)
// `npm test` builds dist/ first.
const BIN = join(import.meta.dirname, '../../dist/cli.js')

// A project as users have it: the test file test/chat.test.ts, its cassettes under cassettes/test/chat.test.ts/.
describe('a command taking one cassette, run from the project folder', () => {
  let project: string
  const cli = (...argv: string[]) =>
    exec(process.execPath, [BIN, ...argv], { cwd: project, env: { PATH: process.env.PATH ?? '' } }).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
    )

  beforeAll(async () => {
    project = await mkdtemp(join(tmpdir(), 'llm-cassettes-project-'))
    await mkdir(join(project, 'test'))
    await writeFile(join(project, 'test', 'chat.test.ts'), "test('answers', () => {})\n")
    await writeCassette(join(project, 'cassettes'), 'test/chat.test.ts/chat › answers.json', 'test/chat.test.ts > chat > answers', [chatJson])
    await writeCassette(join(project, 'cassettes'), 'test/chat.test.ts/chat › streams.json', 'test/chat.test.ts > chat > streams', [chatStream])
    await writeCassette(join(project, 'cassettes'), 'test/other.test.ts/other › answers.json', 'test/other.test.ts > other > answers', [chatJson])
  })
  afterAll(() => rm(project, { recursive: true, force: true }))

  test('show takes the path exactly as ls prints it', async () => {
    const listed = JSON.parse((await cli('ls', '--json')).stdout) as { cassettes: { path: string }[] }
    const path = listed.cassettes[0]!.path
    expect(path).toBe('test/chat.test.ts/chat › answers.json')
    const shown = await cli('show', path)
    expect(shown.stderr).toBe('')
    expect(shown.code).toBe(0)
    expect(shown.stdout).toContain('cassettes/test/chat.test.ts/chat › answers.json: test/chat.test.ts > chat > answers')
    expect(shown.stdout).toContain('  assistant: Hi there!')
  })

  test.each(['test/chat.test.ts > chat > streams', 'chat > streams', 'streams'])('show takes the test name %j', async (name) => {
    const shown = await cli('show', name)
    expect(shown.code, shown.stderr).toBe(0)
    expect(shown.stdout).toContain('cassettes/test/chat.test.ts/chat › streams.json: test/chat.test.ts > chat > streams')
  })

  test('a name two tests end with lists both cassettes; an unknown one says where it looked; no stack either way', async () => {
    const ambiguous = await cli('show', 'answers')
    expect(ambiguous.code).toBe(1)
    expect(ambiguous.stderr).toBe(
      '[llm-cassettes] "answers" names the tests of 2 cassettes; pass one of them:\n' +
        '  cassettes/test/chat.test.ts/chat › answers.json\n' +
        '  cassettes/test/other.test.ts/other › answers.json\n',
    )
    const unknown = await cli('show', 'test/chat.test.ts/gone.json')
    expect(unknown.code).toBe(1)
    expect(unknown.stderr).toBe(
      '[llm-cassettes] no cassette "test/chat.test.ts/gone.json": no such file, no such path in cassettes/, and no cassette there ' +
        'records a test of that name (`llm-cassettes ls` lists them; --dir names another cassette directory)\n',
    )
  })

  test('--dir names another cassette directory; export takes the same forms', async () => {
    expect((await cli('show', '--dir', 'cassettes/test', 'other.test.ts/other › answers.json')).code).toBe(0)
    const exported = await cli('export', '--llama-stack', 'chat > streams', 'recordings')
    expect(exported.code, exported.stderr).toBe(0)
    expect(await readdir(join(project, 'recordings'))).toHaveLength(1)
  })
})
