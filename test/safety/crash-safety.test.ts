import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readdir, readFile, rm, stat, utimes } from 'node:fs/promises'
import { join } from 'node:path'
import { build } from 'esbuild'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { parseCassette, serializeCassette } from '../../src/cassette/serialize.js'
import { REPO_ROOT } from '../support/fixture-project.js'
import { crashCassette, generationOf } from './support/crash-content.js'

const KILLS = 100
const LANES = 4
const FILES = 3
let work: string
let writer: string

// The child needs JavaScript: esbuild bundles the store straight from src/, so the test never runs a stale dist/.
beforeAll(async () => {
  await mkdir(join(REPO_ROOT, '.tmp'), { recursive: true })
  work = await mkdtemp(join(REPO_ROOT, '.tmp', 'crash-'))
  writer = join(work, 'crash-writer.mjs')
  await build({
    entryPoints: [join(REPO_ROOT, 'test/safety/support/crash-writer.ts')],
    outfile: writer,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'error',
  })
})
afterAll(() => rm(work, { recursive: true, force: true }))

/** Starts a writer, lets it write for a random moment, SIGKILLs it. */
function runAndKill(dir: string, delayMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [writer, dir, String(FILES)], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
    let stderr = ''
    child.stderr.on('data', (data: Buffer) => (stderr += data.toString()))
    child.stdout.once('data', () => setTimeout(() => child.kill('SIGKILL'), delayMs))
    child.on('error', reject)
    child.on('exit', (code, signal) => (signal === 'SIGKILL' ? resolve() : reject(new Error(`writer exited ${code}: ${stderr}`))))
  })
}

interface LaneResult {
  parsed: number
  staleLocks: number
  versions: number
}

/** One writer at a time on its own folder, killed again and again; checks the folder after every kill. */
async function lane(dir: string, kills: number): Promise<LaneResult> {
  await mkdir(dir)
  const last = new Map<string, number>()
  const result: LaneResult = { parsed: 0, staleLocks: 0, versions: 0 }
  for (let kill = 0; kill < kills; kill++) {
    await runAndKill(dir, Math.random() * 20)
    for (let index = 0; index < FILES; index++) {
      const file = join(dir, `cassette-${index}.json`)
      if (!existsSync(file)) continue
      const text = await readFile(file, 'utf8')
      const generation = generationOf(parseCassette(text, file))
      // Exactly the bytes of one whole version: no mix of two writes, no truncation.
      expect(text, `${file} after kill ${kill}`).toBe(serializeCassette(crashCassette(generation)))
      // Never older than what was there before: a write is either all there or not at all.
      expect(generation).toBeGreaterThanOrEqual(last.get(file) ?? 0)
      last.set(file, generation)
      result.parsed += 1
    }
    // The killed writer may hold a lock. Age it, as time would; the next writer must take it over.
    for (const name of await readdir(dir)) {
      if (!name.endsWith('.lock')) continue
      result.staleLocks += 1
      const past = new Date(Date.now() - 60_000)
      await utimes(join(dir, name), past, past)
    }
  }
  result.versions = [...last.values()].reduce((sum, n) => sum + n, 0)
  return result
}

test(`${KILLS} SIGKILLs of writers mid-write: every cassette parses and is exactly an old or a new version`, async () => {
  const started = Date.now()
  const results = await Promise.all(Array.from({ length: LANES }, (_, n) => lane(join(work, `lane-${n}`), KILLS / LANES)))
  const total = (key: keyof LaneResult) => results.reduce((sum, result) => sum + result[key], 0)
  let orphans = 0
  for (let n = 0; n < LANES; n++) {
    for (const name of await readdir(join(work, `lane-${n}`))) if (name.endsWith('.tmp') && (await stat(join(work, `lane-${n}`, name))).isFile()) orphans += 1
  }
  console.log(
    `crash safety: ${KILLS} kills, ${total('parsed')} cassette reads parsed, 0 torn, ${total('versions')} versions written, ` +
      `${total('staleLocks')} stale locks taken over, ${orphans} orphaned temp files, ${((Date.now() - started) / 1000).toFixed(1)} s`,
  )
  // Every writer got its first write through, so each kill came after at least one complete write.
  expect(total('versions')).toBeGreaterThanOrEqual(KILLS)
}, 120_000)
