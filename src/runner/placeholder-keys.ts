import { PLACEHOLDER_API_KEY } from '../safety/placeholder-key.js'

/**
 * The variables the SDKs read their key from and refuse to work without (`new OpenAI()` throws; the Vercel AI
 * SDK's providers throw when they call): OpenAI, Anthropic, and the AI SDK's Google provider.
 */
const KEY_VARIABLES = ['OPENAI_API_KEY', 'ANTHROPIC_API_KEY', 'GOOGLE_GENERATIVE_AI_API_KEY'] as const

/**
 * Gives each unset key variable the placeholder, so clients construct in CI, where replay needs no key; a call
 * that would have to go live with it is refused with ERR_CASSETTE_NO_API_KEY. @google/genai reads
 * `GOOGLE_API_KEY` or `GEMINI_API_KEY`: the placeholder goes in the second, only when neither is set and the
 * project does not use Vertex AI (where a key would change how it authenticates).
 */
export function setPlaceholderKeys(env: NodeJS.ProcessEnv = process.env): void {
  for (const name of KEY_VARIABLES) if (!env[name]) env[name] = PLACEHOLDER_API_KEY
  const vertex = (env['GOOGLE_GENAI_USE_VERTEXAI'] ?? '').toLowerCase() === 'true'
  if (!env['GOOGLE_API_KEY'] && !env['GEMINI_API_KEY'] && !vertex) env['GEMINI_API_KEY'] = PLACEHOLDER_API_KEY
}
