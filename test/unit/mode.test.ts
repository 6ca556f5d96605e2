import { describe, expect, test } from 'vitest'
import { CassetteError } from '../../src/errors.js'
import { resolveMode } from '../../src/mode.js'

describe('resolveMode', () => {
  test("follows the runner's snapshot state", () => {
    expect(resolveMode({ updateState: 'new' })).toEqual({ mode: 'auto', reason: 'default' })
    expect(resolveMode({ updateState: 'none' })).toEqual({ mode: 'replay', reason: 'CI detected' })
    expect(resolveMode({ updateState: 'all' })).toEqual({ mode: 'update', reason: 'snapshot update (-u)' })
    expect(resolveMode({})).toEqual({ mode: 'auto', reason: 'default' })
  })

  test('LLM_CASSETTES_MODE overrides the runner, and the option overrides both', () => {
    expect(resolveMode({ env: 'live', updateState: 'none' })).toEqual({ mode: 'live', reason: 'LLM_CASSETTES_MODE=live' })
    expect(resolveMode({ option: 'replay', env: 'record', updateState: 'all' }).mode).toBe('replay')
    expect(resolveMode({ env: '', updateState: 'all' }).mode).toBe('update')
    // Re-recording every call is explicit: only the variable or the option asks for it.
    expect(resolveMode({ env: 'record', updateState: 'new' })).toEqual({ mode: 'record', reason: 'LLM_CASSETTES_MODE=record' })
    expect(resolveMode({ option: 'record' })).toEqual({ mode: 'record', reason: 'the `mode` option' })
  })

  test('an unknown value lists the valid ones', () => {
    expect(() => resolveMode({ env: 'REPLAY' })).toThrowError(CassetteError)
    expect(() => resolveMode({ env: 'REPLAY' })).toThrowError(
      'LLM_CASSETTES_MODE is "REPLAY", which is not a mode. Valid modes: auto, replay, update, record, live.',
    )
  })
})
