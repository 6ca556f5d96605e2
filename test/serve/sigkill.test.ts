import { watch } from 'node:fs'
import { readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { namedCassettePath } from '../../src/cassette/paths.js'
import { startOpenAIServer, type OpenAIServer } from '../support/openai-server.js'
import { control, startServe, workDir } from './support.js'

// serve writes a cassette when it is ended (or when serve stops), through the store's write-to-temp-then-rename:
// killed with SIGKILL at any moment around that write, the file is the previous cassette or the new one.
const KEY = 'sk-serve-sigkill-0123456789abcdefghij'
/** About 1 MB each way, so writing the cassette takes long enough to be killed in the middle of it. */
const BIG = 'All work and no play. '.repeat(48_000)

/** When to kill serve after asking it to end the cassette: never, after some ms, or as its temporary file appears. */
type Kill = { never: true } | { afterMs: number } | { midWrite: true }

describe('llm-cassettes serve: SIGKILL', () => {
  let dir: string
  let openai: OpenAIServer

  beforeAll(async () => {
    dir = await workDir('sigkill')
    openai = await startOpenAIServer()
  })

  afterAll(async () => {
    await openai?.close()
    await rm(dir, { recursive: true, force: true })
  })

  const cassettes = () => join(dir, 'cassettes')

  /** Records one call into the cassette `big` in record mode, ends the cassette, and kills serve as `kill` says; returns the ms the end took. */
  async function recordAndKill(content: string, kill: Kill): Promise<number> {
    const serve = await startServe(dir, ['--mode', 'record', '--upstream', openai.url], { OPENAI_API_KEY: KEY })
    await control(serve.url, 'POST', { name: 'big' })
    const response = await fetch(`${serve.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content }] }),
    })
    expect(response.status).toBe(200)
    await response.text()
    const killed = new Promise<void>((resolve) => {
      if ('midWrite' in kill) {
        const watcher = watch(cassettes(), (_event, name) => {
          if (!name?.endsWith('.tmp')) return
          serve.child.kill('SIGKILL')
          watcher.close()
          resolve()
        })
      } else if ('afterMs' in kill) {
        setTimeout(() => {
          serve.child.kill('SIGKILL')
          resolve()
        }, kill.afterMs)
      } else resolve()
    })
    const started = performance.now()
    // Undefined when serve was killed before it answered.
    const status = await fetch(`${serve.url}/__llm-cassettes/cassette`, { method: 'DELETE' }).then(
      (r) => r.status,
      () => undefined,
    )
    const took = performance.now() - started
    await killed
    const stopped = await serve.stop()
    if ('never' in kill) expect([status, stopped.code]).toEqual([200, 0])
    else expect(stopped.signal).toBe('SIGKILL')
    return took
  }

  /** What a killed writer leaves besides the cassette: its temporary file and its lock (taken over once stale, after 10 s). */
  async function leftovers(): Promise<string[]> {
    return (await readdir(cassettes())).filter((name) => name.endsWith('.tmp') || name.endsWith('.lock'))
  }

  async function restore(path: string, text: string): Promise<void> {
    for (const name of await leftovers()) await rm(join(cassettes(), name), { recursive: true, force: true })
    await writeFile(path, text)
  }

  test('a kill at any moment around the write leaves the previous cassette or the new one, never a torn file', async () => {
    const path = join(dir, namedCassettePath('cassettes', 'big'))
    await recordAndKill('the previous recording', { never: true })
    const previous = await readFile(path, 'utf8')
    const took = await recordAndKill(BIG, { never: true })
    const next = await readFile(path, 'utf8')
    expect(next.length).toBeGreaterThan(2_000_000)
    expect(next).not.toBe(previous)
    const outcome = async (what: string) => {
      const left = await readFile(path, 'utf8')
      expect(() => JSON.parse(left), what).not.toThrow()
      expect(left === previous ? 'previous' : left === next ? 'new' : 'torn', what).not.toBe('torn')
      return left === previous ? 'previous' : 'new'
    }

    // While the temporary file is being written: it is left behind, half written, and the cassette is untouched.
    for (let run = 0; run < 3; run++) {
      await restore(path, previous)
      await recordAndKill(BIG, { midWrite: true })
      expect(await outcome(`killed mid-write, run ${run + 1}`)).toBe('previous')
      const temp = (await leftovers()).filter((name) => name.endsWith('.tmp'))
      expect(temp).toHaveLength(1)
    }

    // From before the write starts to well after it has ended (a write's time varies from run to run), in steps.
    const seen = new Set<string>()
    for (let step = 0; step <= 8; step++) {
      const afterMs = Math.round((took * step) / 4)
      await restore(path, previous)
      await recordAndKill(BIG, { afterMs })
      seen.add(await outcome(`killed after ${afterMs} ms`))
    }
    expect([...seen].sort()).toEqual(['new', 'previous'])
  })
})
