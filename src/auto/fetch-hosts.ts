/**
 * The LLM APIs `llm-cassettes/auto-fetch` covers unless the project names its own (`fetchHosts`). `*` stands for
 * any characters.
 */
export const DEFAULT_FETCH_HOSTS: readonly string[] = [
  'api.openai.com',
  '*.openai.azure.com',
  'api.anthropic.com',
  'generativelanguage.googleapis.com',
  'aiplatform.googleapis.com',
  '*-aiplatform.googleapis.com',
  'ai-gateway.vercel.sh',
  'api.mistral.ai',
  'api.groq.com',
  'api.together.xyz',
  'api.fireworks.ai',
  'openrouter.ai',
  'api.deepseek.com',
  'api.x.ai',
  'api.cohere.com',
  'api.perplexity.ai',
]

function globPattern(host: string): RegExp {
  const escaped = host
    .toLowerCase()
    .replace(/[.+?^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
  return new RegExp(`^${escaped}$`)
}

/**
 * Whether a URL's host is one of `hosts`: an entry with a port (`localhost:8080`) is compared with the host and
 * port, one without with the host name alone, whatever the port.
 */
export function isListedHost(url: URL, hosts: readonly string[]): boolean {
  const hostname = url.hostname.toLowerCase()
  const host = url.host.toLowerCase()
  return hosts.some((entry) => globPattern(entry).test(/:\d+$/.test(entry) ? host : hostname))
}
