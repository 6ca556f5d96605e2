import Anthropic from '@anthropic-ai/sdk'
import AnthropicV039 from 'anthropic-v0-39'
import OpenAI, { AzureOpenAI } from 'openai'
import OpenAIV4 from 'openai-v4'
import { describe, expect, expectTypeOf, test } from 'vitest'
import { CassetteError, unwrapAnthropic, unwrapOpenAI, wrapAnthropic, wrapOpenAI } from '../../src/index.js'

const anthropic = () => new Anthropic({ apiKey: 'sk-ant-unit', baseURL: 'http://127.0.0.1:9' })
const openai = () => new OpenAI({ apiKey: 'sk-unit', baseURL: 'http://127.0.0.1:9/v1' })

function thrown(run: () => unknown): CassetteError {
  try {
    run()
  } catch (error) {
    expect(error).toBeInstanceOf(CassetteError)
    return error as CassetteError
  }
  throw new Error('expected a CassetteError')
}

/** Calls a wrap function with what its types refuse, as JavaScript callers (or `any`) can. */
const untyped = (wrap: (client: never) => unknown, client: unknown) => () => wrap(client as never)

describe('wrapAnthropic and wrapOpenAI refuse what is not their client', () => {
  test.each([
    ['null', null, 'Got null.'],
    ['undefined', undefined, 'Got undefined.'],
    ['a number', 42, 'Got number.'],
    ['a plain object', {}, 'Got object.'],
    ['a fetch function', fetch, 'For a fetch function (the Vercel AI SDK, LangChain, Google GenAI…), use wrapFetch(fetch).'],
    ['an object with messages but no transport', { messages: {}, baseURL: 'http://x' }, 'Got object.'],
  ])('wrapAnthropic(%s): ERR_CASSETTE_CLIENT naming wrapAnthropic', (_name, client, hint) => {
    const error = thrown(untyped(wrapAnthropic, client))
    expect(error.code).toBe('ERR_CASSETTE_CLIENT')
    expect(error.message).toContain('wrapAnthropic() expects a client of the Anthropic SDK, e.g. `wrapAnthropic(new Anthropic())`.')
    expect(error.message).toContain(hint)
  })

  test.each([
    ['openai 6', openai],
    ['openai 4', () => new OpenAIV4({ apiKey: 'sk-unit', baseURL: 'http://127.0.0.1:9/v1' })],
    ['AzureOpenAI', () => new AzureOpenAI({ apiKey: 'k', endpoint: 'http://127.0.0.1:9', apiVersion: '2024-10-21' })],
  ])('an OpenAI client (%s) given to wrapAnthropic says to use wrapOpenAI', (_name, make) => {
    const error = thrown(untyped(wrapAnthropic, make()))
    expect(error.code).toBe('ERR_CASSETTE_CLIENT')
    expect(error.message).toContain('This is an OpenAI client: use wrapOpenAI(client).')
  })

  test.each([
    ['1.14', anthropic],
    ['0.39', () => new AnthropicV039({ apiKey: 'sk-ant-unit', baseURL: 'http://127.0.0.1:9' })],
  ])('an Anthropic client (%s) given to wrapOpenAI says to use wrapAnthropic', (_name, make) => {
    const error = thrown(untyped(wrapOpenAI, make()))
    expect(error.code).toBe('ERR_CASSETTE_CLIENT')
    expect(error.message).toContain('wrapOpenAI() expects a client of the OpenAI SDK')
    expect(error.message).toContain('This is an Anthropic client: use wrapAnthropic(client).')
  })

  test('the right client is wrapped in place and keeps its type', () => {
    const client = anthropic()
    const wrapped = wrapAnthropic(client)
    expect(wrapped).toBe(client)
    expectTypeOf(wrapped).toEqualTypeOf<Anthropic>()
    expectTypeOf(wrapAnthropic(new AnthropicV039({ apiKey: 'k' }))).toEqualTypeOf<AnthropicV039>()
    expectTypeOf(wrapOpenAI(openai())).toEqualTypeOf<OpenAI>()
    expectTypeOf(wrapOpenAI(new OpenAIV4({ apiKey: 'k' }))).toEqualTypeOf<OpenAIV4>()
    expect(unwrapAnthropic(wrapped)).toBe(client)
  })
})

// Checked by `tsc -p .` (the typecheck step): each call below must be a compile error. Never run.
export function compileTimeRefusals(): void {
  // @ts-expect-error an OpenAI client is not an Anthropic client (it has no `messages`)
  wrapAnthropic(openai())
  // @ts-expect-error an Anthropic client is not an OpenAI client (it has no `chat`)
  wrapOpenAI(anthropic())
  // @ts-expect-error a fetch function is for wrapFetch
  wrapAnthropic(fetch)
  // @ts-expect-error nor is a plain object a client
  wrapAnthropic({ messages: {} })
  // @ts-expect-error nor null
  wrapOpenAI(null)
  // @ts-expect-error unwrap takes the same clients
  unwrapOpenAI(anthropic())
}
