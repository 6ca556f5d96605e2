import { execFile } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { chatJson, cli, writeCassette } from './helpers.js'

const run = promisify(execFile)

describe('the ls, show and verify commands in the CLI', () => {
  test('--help lists them; each has its own --help', async () => {
    const help = await cli('--help')
    expect(help.code).toBe(0)
    expect(help.out).toMatch(/\n {2}ls +list the cassettes/)
    expect(help.out).toMatch(/\n {2}show +print a cassette as a readable transcript/)
    expect(help.out).toMatch(/\n {2}verify +check every cassette/)
    for (const command of ['ls', 'show', 'verify']) {
      for (const flag of ['--help', '-h']) {
        const own = await cli(command, flag)
        expect(own).toMatchObject({ code: 0, err: '' })
        expect(own.out).toMatch(new RegExp(`^Usage: llm-cassettes ${command} `))
      }
    }
  })

  test.each([
    [['lst'], 'unknown command "lst"', 'Usage: llm-cassettes <command>'],
    [['ls', '--bogus'], "Unknown option '--bogus'", 'Usage: llm-cassettes ls'],
    [['ls', 'a', 'b'], 'expected at most one [dir]', 'Usage: llm-cassettes ls'],
    [['show'], 'expected one <cassette>', 'Usage: llm-cassettes show'],
    [['show', '--raw', 'x.json'], "Unknown option '--raw'", 'Usage: llm-cassettes show'],
    [['verify', '--allow'], "Option '--allow <value>' argument missing", 'Usage: llm-cassettes verify'],
    [['verify', '--fix'], "Unknown option '--fix'", 'Usage: llm-cassettes verify'],
  ])('%j: an error and the usage, exit code 2', async (argv, message, usage) => {
    const result = await cli(...argv)
    expect(result.code).toBe(2)
    expect(result.err).toContain(message)
    expect(result.err).toContain(usage)
  })
})

describe('the built binary', () => {
  let work: string
  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'llm-cassettes-bin-'))
    await writeCassette(work, 'chat.json', 'chat.test.ts > says hi', [chatJson])
  })
  afterAll(() => rm(work, { recursive: true, force: true }))

  // `npm test` builds dist/ first.
  const bin = join(import.meta.dirname, '../../dist/cli.js')

  test('ls and verify run from dist/cli.js with their exit codes', async () => {
    const listed = await run(process.execPath, [bin, 'ls', work])
    expect(listed.stdout).toMatch(/^chat\.json +chat\.test\.ts > says hi +1 +POST \/v1\/chat\/completions +gpt-4o-mini/m)
    expect((await run(process.execPath, [bin, 'verify', work])).stdout).toBe('1 cassette OK\n')
    const usage = await run(process.execPath, [bin, 'ls', '--nope']).catch((error: { code: number; stderr: string }) => error)
    expect(usage).toMatchObject({ code: 2, stderr: expect.stringContaining('Usage: llm-cassettes ls') })
  })
})
