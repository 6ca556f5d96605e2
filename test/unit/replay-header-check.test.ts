import fc from 'fast-check'
import { expect, test } from 'vitest'
import type { Interaction } from '../../src/cassette/types.js'
import { replayProblem } from '../../src/exchange/replay-check.js'

const withHeader = (name: string, value: string): Interaction => ({
  request: { method: 'POST', url: 'https://api.openai.com/v1/chat/completions', headers: {}, body: {}, endpoint: '/v1/chat/completions', model: '' },
  response: { body: {}, is_streaming: false, headers: { [name]: value } },
})

const takenByHeaders = (name: string, value: string): boolean => {
  try {
    new Headers([[name, value]])
    return true
  } catch {
    return false
  }
}

// The check takes common headers without building a `Headers`: it must still refuse exactly what `Headers` refuses.
const someText = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme' }),
  fc.string({ unit: fc.constantFrom('a', 'Z', '-', ' ', '\t', '\r', '\n', '\0', '\u00ff', '\u0100', 'é', '€', ':', '"', '(') }),
)

test('a recorded header is refused exactly when the fetch standard’s Headers refuses it', () => {
  fc.assert(
    fc.property(someText, someText, (name, value) => {
      expect(replayProblem(undefined, withHeader(name, value)) === undefined).toBe(takenByHeaders(name, value))
    }),
    { numRuns: 5_000 },
  )
})

test.each([
  ['x-request-id', 'req_123', undefined],
  ['content-type', 'text/event-stream; charset=utf-8', undefined],
  ['x-note', 'café', undefined],
  ['x-note', 'line\nbreak', 'is not a value an HTTP header can have (it holds a line break, a NUL or another forbidden character)'],
  ['x-note', 'euro €', 'is not a value an HTTP header can have (it holds a line break, a NUL or another forbidden character)'],
  ['bad name', 'x', 'is not a header name an HTTP response can have'],
])('%j: %j', (name, value, problem) => {
  expect(replayProblem(undefined, withHeader(name, value))?.problem).toBe(problem)
})
