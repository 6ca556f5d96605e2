import { expect, test } from 'vitest'
import type { Interaction } from '../../src/cassette/types.js'
import { CassetteMissError } from '../../src/errors.js'
import { canonicalRequest } from '../../src/match/canonical.js'
import { Player } from '../../src/match/player.js'
import type { OutgoingRequest } from '../../src/exchange/outgoing-request.js'
import type { MissContext } from '../../src/session/miss-error.js'
import { missError } from '../../src/session/miss-error.js'

const options = {
  cassettePath: '/p/cassettes/a.test.ts/t.json',
  displayPath: 'cassettes/a.test.ts/t.json',
  test: 'a.test.ts > t',
  recordCommand: 'npx vitest run a.test.ts',
} satisfies MissContext

function request(content: string, sdk: string): OutgoingRequest {
  const body = { model: 'm', messages: [{ role: 'user', content }] }
  return {
    canonical: canonicalRequest('POST', '/v1/chat/completions', '', body),
    recorded: {
      method: 'POST',
      url: 'https://api.openai.com/v1/chat/completions',
      headers: {},
      body,
      endpoint: '/v1/chat/completions',
      model: 'm',
      provider_metadata: { openai_sdk_version: sdk },
    },
    init: undefined,
  }
}

test('a miss names the SDK version the cassette was recorded with when another is installed', () => {
  const recorded: Interaction = { request: request('hi', '4.104.0').recorded, response: { body: {}, is_streaming: false } }
  const error = missError(options, { mode: 'replay', reason: 'CI detected' }, request('hello', '6.49.0'), new Player([recorded]))
  expect(error).toBeInstanceOf(CassetteMissError)
  expect(error.code).toBe('ERR_CASSETTE_MISS')
  expect(error.message).toContain('body.messages[0].content: recorded "hi", now "hello"')
  expect(error.message).toContain('The cassette was recorded with openai 4.104.0; openai 6.49.0 is installed.')
})
