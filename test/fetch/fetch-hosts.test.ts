import { describe, expect, test } from 'vitest'
import { DEFAULT_FETCH_HOSTS, isListedHost } from '../../src/auto/fetch-hosts.js'
import { checkOptions } from '../../src/settings/options.js'
import { resolveSettings } from '../../src/settings/resolve.js'

describe('the hosts llm-cassettes/auto-fetch covers', () => {
  test.each([
    ['https://api.openai.com/v1/chat/completions', true],
    ['https://my-resource.openai.azure.com/openai/deployments/x/chat/completions', true],
    ['https://generativelanguage.googleapis.com/v1beta/models/m:generateContent', true],
    ['https://us-central1-aiplatform.googleapis.com/v1/projects/p/x', true],
    ['https://api.anthropic.com/v1/messages', true],
    ['https://registry.npmjs.org/openai', false],
    ['http://127.0.0.1:8080/v1/chat/completions', false],
    ['https://api.openai.com.evil.example/v1/chat/completions', false],
  ])('by default, %s: %s', (url, listed) => {
    expect(isListedHost(new URL(url), DEFAULT_FETCH_HOSTS)).toBe(listed)
  })

  test('an entry with a port matches that port only; one without, any port', () => {
    expect(isListedHost(new URL('http://127.0.0.1:8080/x'), ['127.0.0.1:8080'])).toBe(true)
    expect(isListedHost(new URL('http://127.0.0.1:8081/x'), ['127.0.0.1:8080'])).toBe(false)
    expect(isListedHost(new URL('http://localhost:11434/api/chat'), ['localhost'])).toBe(true)
  })

  test('fetchHosts comes from the config or the environment, which wins, and is checked', () => {
    const root = '/nowhere'
    expect(resolveSettings(root, { fetchHosts: ['api.openai.com'] }, {}).fetchHosts).toEqual(['api.openai.com'])
    expect(resolveSettings(root, { fetchHosts: ['api.openai.com'] }, { LLM_CASSETTES_FETCH_HOSTS: 'localhost:8080, *.example.com' }).fetchHosts).toEqual([
      'localhost:8080',
      '*.example.com',
    ])
    expect(() => checkOptions({ fetchHosts: ['https://api.openai.com/v1'] }, 'cassettes()')).toThrow(
      'cassettes(): `fetchHosts` holds "https://api.openai.com/v1", which is not a host; give names like "api.openai.com", "localhost:8080" or "*.openai.azure.com" (no scheme, no path)',
    )
    expect(() => resolveSettings(root, {}, { LLM_CASSETTES_FETCH_HOSTS: 'http://x' })).toThrow('LLM_CASSETTES_FETCH_HOSTS')
  })
})
