import { describe, expect, test } from 'vitest'
import type { Interaction, RecordedRequest } from '../../src/cassette/types.js'
import { anthropicSdk } from '../../src/anthropic/sdk.js'
import { readOutgoingRequest } from '../../src/exchange/outgoing-request.js'
import { differences } from '../../src/match/nearest.js'
import { Player } from '../../src/match/player.js'
import { anthropicBetaFormat, anthropicFormat } from '../../src/providers/anthropic/format.js'
import { createRedactor } from '../../src/safety/redaction.js'

const body = { model: 'claude-sonnet-4-5', max_tokens: 16, messages: [{ role: 'user', content: 'Hi' }] }

/** The request as the transport reads it: `anthropic-beta` is the one header kept, credentials never. */
async function outgoing(url: string, headers: Record<string, string>) {
  const names = anthropicSdk.matchedHeaders ?? []
  const kept = Object.fromEntries(Object.entries(headers).filter(([name]) => names.includes(name)))
  return readOutgoingRequest(url, { method: 'post', body: JSON.stringify(body), headers }, { endpoint: '/v1/messages', headers: kept }, createRedactor([]))
}

const interaction = (request: RecordedRequest): Interaction => ({ request, response: { body: { id: request.url }, is_streaming: false } })

describe('anthropic-beta is matched like the body', () => {
  test('stored with the request, never a credential; calls with other betas are other requests', async () => {
    const plain = await outgoing('https://api.anthropic.com/v1/messages', { 'x-api-key': 'sk-ant-secret-1', authorization: 'Bearer t' })
    const beta = await outgoing('https://api.anthropic.com/v1/messages', { 'anthropic-beta': 'a-2025-01-01', authorization: 'Bearer t' })
    const otherBeta = await outgoing('https://api.anthropic.com/v1/messages', { 'anthropic-beta': 'b-2025-01-01' })
    expect(plain.recorded.headers).toEqual({})
    expect(beta.recorded.headers).toEqual({ 'anthropic-beta': 'a-2025-01-01' })
    expect(new Set([plain.canonical.key, beta.canonical.key, otherBeta.canonical.key]).size).toBe(3)

    const player = new Player([interaction(plain.recorded), interaction(beta.recorded)])
    expect(player.take(beta.canonical)?.interaction.request.headers).toEqual({ 'anthropic-beta': 'a-2025-01-01' })
    expect(player.take(otherBeta.canonical)).toBeUndefined()
    expect(differences(beta.canonical, otherBeta.canonical)).toEqual([{ path: 'headers["anthropic-beta"]', recorded: 'a-2025-01-01', actual: 'b-2025-01-01' }])
  })

  test('a request without stored headers keys as it always did, so older cassettes still match', async () => {
    const plain = await outgoing('https://api.anthropic.com/v1/messages', {})
    expect(plain.canonical.key).toBe(
      `POST /v1/messages ${JSON.stringify({ max_tokens: 16, messages: [{ content: 'Hi', role: 'user' }], model: 'claude-sonnet-4-5' })}`,
    )
  })

  test('beta calls are typed with the Beta… classes: ?beta=true (0.x) or the header (1.x)', async () => {
    const zeroX = await outgoing('https://api.anthropic.com/v1/messages?beta=true', {})
    const oneX = await outgoing('https://api.anthropic.com/v1/messages', { 'anthropic-beta': 'a' })
    const plain = await outgoing('https://api.anthropic.com/v1/messages', {})
    expect(anthropicSdk.formatFor?.(zeroX.recorded)).toBe(anthropicBetaFormat)
    expect(anthropicSdk.formatFor?.(oneX.recorded)).toBe(anthropicBetaFormat)
    expect(anthropicSdk.formatFor?.(plain.recorded)).toBe(anthropicFormat)
    expect(anthropicBetaFormat.encodeBody('/v1/messages', { type: 'message' })).toEqual({
      __type__: 'anthropic.types.beta.beta_message.BetaMessage',
      __data__: { type: 'message' },
    })
  })
})
