import { describe, expect, test } from 'vitest'
import { detectProvider } from '../../src/providers/detect.js'

const route = (url: string, headers: Record<string, string> = {}) => {
  const found = detectProvider(new URL(url), new Headers(headers))
  return { format: found.format.name, endpoint: found.endpoint, ...(found.model ? { model: found.model } : {}) }
}

describe('provider detection', () => {
  test.each([
    ['https://api.openai.com/v1/chat/completions', 'openai', '/v1/chat/completions'],
    ['http://127.0.0.1:8080/v1/chat/completions', 'openai', '/v1/chat/completions'],
    ['https://proxy.example/custom/v1/chat/completions', 'openai', '/v1/chat/completions'],
    ['https://api.deepseek.com/chat/completions', 'openai', '/v1/chat/completions'],
    ['https://openrouter.ai/api/v1/embeddings', 'openai', '/v1/embeddings'],
    ['https://generativelanguage.googleapis.com/v1beta/openai/chat/completions', 'openai', '/v1/chat/completions'],
    ['https://x.openai.azure.com/openai/deployments/gpt4/chat/completions?api-version=2024-10-21', 'openai', '/v1/deployments/gpt4/chat/completions'],
    ['https://api.openai.com/v1/responses', 'openai', '/v1/responses'],
    ['https://api.openai.com/v1/responses/resp_1/input_items', 'openai', '/v1/responses/resp_1/input_items'],
    ['https://api.openai.com/v1/completions', 'openai', '/v1/completions'],
    ['https://api.openai.com/v1/models/gpt-4o', 'openai', '/v1/models/gpt-4o'],
    ['https://api.anthropic.com/v1/messages', 'anthropic', '/v1/messages'],
    ['http://127.0.0.1:9/v1/messages/count_tokens', 'anthropic', '/v1/messages/count_tokens'],
    ['https://gateway.example/anthropic/v1/messages/batches/b1/results', 'anthropic', '/v1/messages/batches/b1/results'],
    ['https://api.openai.com/v1/threads/t1/messages', 'plain', '/v1/threads/t1/messages'],
    ['http://localhost:11434/api/chat', 'plain', '/api/chat'],
  ])('%s → %s %s', (url, format, endpoint) => {
    expect(route(url)).toMatchObject({ format, endpoint })
  })

  test('Gemini keeps its API version, model and method; a Vertex path drops its project and location', () => {
    expect(route('https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:generateContent')).toEqual({
      format: 'google',
      endpoint: '/v1beta/models/gemini-2.5-flash:generateContent',
      model: 'gemini-2.5-flash',
    })
    expect(route('http://127.0.0.1:4000/v1/models/gemini-x:streamGenerateContent?alt=sse')).toEqual({
      format: 'google',
      endpoint: '/v1/models/gemini-x:streamGenerateContent',
      model: 'gemini-x',
    })
    expect(
      route('https://us-central1-aiplatform.googleapis.com/v1/projects/p/locations/us-central1/publishers/google/models/gemini-2.5-pro:generateContent'),
    ).toEqual({
      format: 'google',
      endpoint: '/v1/models/gemini-2.5-pro:generateContent',
      model: 'gemini-2.5-pro',
    })
    expect(route('https://generativelanguage.googleapis.com/v1beta/models/text-embedding-004:batchEmbedContents').endpoint).toBe(
      '/v1beta/models/text-embedding-004:batchEmbedContents',
    )
  })

  test('a path both APIs have is Anthropic’s when the client sends anthropic-version', () => {
    expect(route('https://api.anthropic.com/v1/models', { 'anthropic-version': '2023-06-01' })).toMatchObject({ format: 'anthropic', endpoint: '/v1/models' })
    expect(route('https://api.openai.com/v1/models')).toMatchObject({ format: 'openai', endpoint: '/v1/models' })
  })

  test('the OpenAI SDK adapter names endpoints as detection does', async () => {
    const { openaiSdk } = await import('../../src/openai/sdk.js')
    for (const [url, base] of [
      ['http://127.0.0.1:8080/custom/v1/chat/completions', 'http://127.0.0.1:8080/custom/v1'],
      ['https://x.openai.azure.com/openai/deployments/gpt4/chat/completions', 'https://x.openai.azure.com/openai'],
    ] as const) {
      expect(openaiSdk.endpointOf(new URL(url), base)).toBe(route(url).endpoint)
    }
  })
})
