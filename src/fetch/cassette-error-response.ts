import type { CassetteError } from '../errors.js'

/**
 * Whether the client turns an error thrown by fetch into something else: the SDKs Stainless generates (`openai`,
 * `@anthropic-ai/sdk`, and LangChain's ChatOpenAI and ChatAnthropic, built on them) wrap it in a retried
 * `APIConnectionError` ("Connection error."), and @google/genai retries it when given `retryOptions`. Each
 * names itself in a header: `x-stainless-*`, `x-goog-api-client: google-genai-sdk/…`.
 */
export function wrapsThrownErrors(headers: Headers): boolean {
  let stainless = false
  headers.forEach((_value, name) => {
    if (name.startsWith('x-stainless-')) stainless = true
  })
  return stainless || /(^|\s)google-genai-sdk\//.test(headers.get('x-goog-api-client') ?? '')
}

/**
 * A cassette error as those clients pass it on untouched: a 200 response whose body fails with it when read.
 * They do not retry a 200, and they rethrow a body error as it is (LangChain then sees the error's own mark
 * that it must not be retried). Fetch itself rejecting is right for everyone else: the Vercel AI SDK wraps a
 * failing body but passes a thrown error that does not look like a network error through unchanged.
 */
export function failingResponse(error: CassetteError, streaming: boolean): Response {
  const body = new ReadableStream<Uint8Array>({ pull: (controller) => controller.error(error) })
  return new Response(body, { status: 200, headers: { 'content-type': streaming ? 'text/event-stream' : 'application/json' } })
}
