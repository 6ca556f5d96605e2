import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { CassetteError } from '../../src/errors.js'
import { resolveSettings } from '../../src/settings/resolve.js'

let root: string
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'llm-cassettes-settings-'))
})
afterEach(() => rm(root, { recursive: true, force: true }))

const write = (file: string, value: unknown) => writeFile(join(root, file), typeof value === 'string' ? value : JSON.stringify(value))

function caught(run: () => unknown): CassetteError {
  try {
    run()
  } catch (error) {
    if (error instanceof CassetteError) return error
    throw error
  }
  throw new Error('expected a CassetteError')
}

describe('settings', () => {
  test('defaults, with no config file', () => {
    expect(resolveSettings(root, {}, {})).toEqual({ root, dir: join(root, 'cassettes') })
  })

  test('the "llm-cassettes" key of package.json', async () => {
    await write('package.json', { name: 'p', 'llm-cassettes': { dir: 'fixtures/cassettes', normalizeIds: true, saveOnFailure: false } })
    expect(resolveSettings(root, {}, {})).toEqual({ root, dir: join(root, 'fixtures/cassettes'), normalizeIds: true, saveOnFailure: false })
  })

  test('llm-cassettes.config.json; the plugin options override it key by key, the environment overrides both', async () => {
    await write('llm-cassettes.config.json', { dir: 'a', redact: { paths: ['request.body.user'] }, allowedSecrets: ['sk-not-a-secret-000'] })
    const settings = resolveSettings(root, { dir: 'b' }, {})
    expect(settings).toEqual({ root, dir: join(root, 'b'), redact: { paths: ['request.body.user'] }, allowedSecrets: ['sk-not-a-secret-000'] })
    expect(resolveSettings(root, { dir: 'b' }, { LLM_CASSETTES_DIR: 'c' }).dir).toBe(join(root, 'c'))
  })

  test('a package.json without the key does not hide the config file', async () => {
    await write('package.json', { name: 'p' })
    await write('.llm-cassettesrc.json', { mode: 'replay' })
    expect(resolveSettings(root, {}, {}).mode).toBe('replay')
  })

  test('a wrong setting names itself and the file it is in', async () => {
    await write('llm-cassettes.config.json', { dri: 'cassettes' })
    const unknown = caught(() => resolveSettings(root, {}, {}))
    expect(unknown.code).toBe('ERR_CASSETTE_OPTION')
    expect(unknown.message).toContain(join(root, 'llm-cassettes.config.json'))
    expect(unknown.message).toContain('`dri` is not an option; the options are dir, mode, redact')

    await write('llm-cassettes.config.json', { normalizeIds: 'yes' })
    expect(caught(() => resolveSettings(root, {}, {})).message).toContain('`normalizeIds` must be a boolean, got "yes"')

    await write('llm-cassettes.config.json', { mode: 'replai' })
    expect(caught(() => resolveSettings(root, {}, {})).message).toContain('is "replai", which is not a mode')
  })

  test('a config file that is not JSON is one error naming it', async () => {
    await write('llm-cassettes.config.json', '{ "dir": ')
    const error = caught(() => resolveSettings(root, {}, {}))
    expect(error.code).toBe('ERR_CASSETTE_OPTION')
    expect(error.message).toContain('llm-cassettes.config.json')
  })

  test('plugin options are checked as coming from cassettes()', () => {
    expect(caught(() => resolveSettings(root, { redact: () => undefined }, {})).message).toContain('cassettes(): `redact` takes header names')
  })
})
