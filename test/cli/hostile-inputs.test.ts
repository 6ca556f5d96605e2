import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { serializeCassette } from '../../src/cassette/serialize.js'
import { reportPathOf } from '../../src/report/report-file.js'
import { chatJson, cli, writeCassette } from './helpers.js'

let work: string
beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), 'llm-cassettes-hostile-cli-'))
})
afterEach(() => rm(work, { recursive: true, force: true }))

/** Every failure of the CLI: one line naming the path, exit 1, never a stack. */
function expectOneLine(run: { code: number; out: string; err: string }, path: string): void {
  expect(run.code, run.err).toBe(1)
  expect(run.err.split('\n'), run.err).toHaveLength(1)
  expect(run.err).toContain(path)
  expect(run.err).not.toMatch(/\n\s+at |\bat .*\(node:/)
}

describe('prune deletes only inside the cassette folder it was given', () => {
  test('a report naming paths outside it (.., an absolute path, a link to a folder outside) touches none of them', async () => {
    const dir = join(work, 'cassettes')
    const outside = join(work, 'precious')
    await mkdir(outside, { recursive: true })
    await mkdir(dir)
    const cassette = serializeCassette({ version: 1, test: 't', interactions: [chatJson] })
    for (const name of ['a.json', 'b.json', 'c.json']) await writeFile(join(outside, name), cassette)
    await symlink(outside, join(dir, 'link'))
    await writeCassette(dir, 'inside.json', 't', [chatJson])
    const listed = ['../precious/a.json', join(outside, 'b.json'), 'link/c.json', 'inside.json']
    const fingerprint = `sha256:${(await import('node:crypto')).createHash('sha256').update(cassette).digest('hex')}`
    await mkdir(dirname(reportPathOf(dir)), { recursive: true })
    await writeFile(
      reportPathOf(dir),
      JSON.stringify({
        complete: true,
        obsolete: listed,
        obsoleteInteractions: {},
        fingerprints: Object.fromEntries(listed.map((path) => [path, fingerprint])),
        summary: {},
      }),
    )
    const run = await cli('prune', dir)
    expect(run.code).toBe(0)
    for (const path of listed.slice(0, 3)) expect(run.out).toContain(`skip ${path}: not inside ${dir}, never touched`)
    for (const name of ['a.json', 'b.json', 'c.json']) expect(await readFile(join(outside, name), 'utf8')).toBe(cassette)
    expect(run.out).toContain('delete inside.json')
    expect(existsSync(join(dir, 'inside.json'))).toBe(false)
  })
})

describe('paths that are not what they claim: one line with the path, exit 1', () => {
  test('show: a directory, a FIFO, a missing file', async () => {
    const folder = join(work, 'folder.json')
    await mkdir(folder)
    expectOneLine(await cli('show', folder), folder)
    const fifo = join(work, 'fifo.json')
    execFileSync('mkfifo', [fifo])
    expectOneLine(await cli('show', fifo), fifo)
    expectOneLine(await cli('show', join(work, 'missing.json')), join(work, 'missing.json'))
  })

  test('ls and verify: a directory that is a file, a symbolic link loop inside', async () => {
    const file = join(work, 'file')
    await writeFile(file, 'x')
    expectOneLine(await cli('ls', file), 'file')
    expectOneLine(await cli('verify', file), 'file')
    const dir = join(work, 'loops')
    await mkdir(dir)
    await symlink(join(dir, 'loop.json'), join(dir, 'loop.json'))
    await symlink(dir, join(dir, 'self'))
    await writeCassette(dir, 'ok.json', 't', [chatJson])
    expect((await cli('ls', dir)).code).toBe(0)
    expect(await cli('verify', dir)).toEqual({ code: 0, out: '1 cassette OK', err: '' })
  })

  test('import onto a cassette that already exists, export into a file', async () => {
    const recordings = join(work, 'recordings')
    await mkdir(recordings)
    const existing = await writeCassette(work, 'existing.json', 't', [chatJson])
    const before = await readFile(existing, 'utf8')
    expectOneLine(await cli('import', '--llama-stack', recordings, existing), existing)
    expect(await readFile(existing, 'utf8')).toBe(before)
    const notAFolder = join(work, 'not-a-folder')
    await writeFile(notAFolder, 'x')
    expectOneLine(await cli('export', '--llama-stack', existing, notAFolder), notAFolder)
  })
})
