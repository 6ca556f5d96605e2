import { expect, test, vi } from 'vitest'
import { CassetteError, CassetteMissError, CassetteSecretError } from '../../src/errors.js'
import CassetteReporter from '../../src/runner/jest/reporter.js'
import { filtersFiles, filtersTests } from '../../src/runner/jest/run-filters.js'
import { jestRecordCommand } from '../../src/runner/record-command.js'
import type { CassetteSession } from '../../src/session/cassette-session.js'
import { currentSession, runWithSession, setSequentialSession, useSequentialRunner } from '../../src/session/current.js'

test('the Jest record command filters on the describe chain and test name joined by spaces', () => {
  expect(jestRecordCommand('tests/chat.test.js', ['chat', "it's (1)"])).toBe(
    `npx jest tests/chat.test.js -t 'chat it'\\''s \\(1\\)$' -u  (-u records only the calls that no longer match; LLM_CASSETTES_MODE=record re-records every call)`,
  )
})

test('instanceof recognises errors made by another copy of the module, and keeps subclasses apart', async () => {
  vi.resetModules()
  const other = await import('../../src/errors.js')
  expect(other.CassetteMissError).not.toBe(CassetteMissError)
  const miss = new other.CassetteMissError('no recording', { cassettePath: '/c.json' })
  expect(miss).toBeInstanceOf(CassetteMissError)
  expect(miss).toBeInstanceOf(CassetteError)
  expect(miss).toBeInstanceOf(Error)
  expect(miss).not.toBeInstanceOf(CassetteSecretError)
  expect(new other.CassetteError('plain')).not.toBeInstanceOf(CassetteMissError)
  expect({ code: 'ERR_CASSETTE_MISS' }).not.toBeInstanceOf(CassetteError)
})

test("a sequential runner's session is current when no scoped session is; its refusal is thrown first", () => {
  const sequential = { name: 'sequential' } as unknown as CassetteSession
  const scoped = { name: 'scoped' } as unknown as CassetteSession
  let refusal: CassetteError | undefined
  useSequentialRunner(() => refusal)
  try {
    expect(currentSession()).toBeUndefined()
    setSequentialSession(sequential)
    expect(currentSession()).toBe(sequential)
    expect(runWithSession(scoped, () => currentSession())).toBe(scoped)
    refusal = new CassetteError('concurrent', { code: 'ERR_CASSETTE_CONCURRENT' })
    expect(() => currentSession()).toThrow(refusal)
    expect(runWithSession(scoped, () => currentSession())).toBe(scoped)
  } finally {
    setSequentialSession(undefined)
    useSequentialRunner(() => undefined)
  }
})

test('the Jest reporter takes one option, `report`, and says what is wrong with any other', () => {
  const config = { rootDir: '/project' }
  expect(() => new CassetteReporter(config, { report: 'summary.json' })).not.toThrow()
  expect(() => new CassetteReporter(config, {})).not.toThrow()
  expect(() => new CassetteReporter(config, { reprot: 'x.json' })).toThrow('`reprot` is not an option; the one option is `report`')
  expect(() => new CassetteReporter(config, { report: 1 })).toThrow('`report` must be a file path, got 1')
  expect(() => new CassetteReporter(config, ['report'])).toThrow(expect.objectContaining({ code: 'ERR_CASSETTE_OPTION' }))
})

test('a Jest run is filtered by test name, or by file, as Jest 29 and Jest 30 spell their options', () => {
  const plain = { rootDir: '/p', testNamePattern: undefined, testPathPattern: '', nonFlagArgs: [], onlyChanged: false }
  expect([filtersTests(plain), filtersFiles(plain)]).toEqual([false, false])
  expect(filtersFiles({ rootDir: '/p', testPathPatterns: { patterns: [] } })).toBe(false)
  expect(filtersTests({ ...plain, testNamePattern: '^one$' })).toBe(true)
  expect(filtersTests({ ...plain, shard: { shardIndex: 1, shardCount: 2 } })).toBe(true)
  expect(filtersTests({ ...plain, selectProjects: ['a'] })).toBe(true)
  expect(filtersFiles({ ...plain, testPathPattern: 'chat' })).toBe(true) // Jest 29
  expect(filtersFiles({ rootDir: '/p', testPathPatterns: { patterns: ['chat'] } })).toBe(true) // Jest 30
  expect(filtersFiles({ ...plain, onlyChanged: true })).toBe(true)
  expect(filtersFiles({ ...plain, changedSince: 'main' })).toBe(true)
  expect(filtersFiles({ ...plain, findRelatedTests: true })).toBe(true)
  expect(filtersFiles({ ...plain, onlyFailures: true })).toBe(true)
})
