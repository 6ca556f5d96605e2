import { PLACEHOLDER_API_KEY } from '../safety/placeholder-key.js'

/** The variables the SDKs read their key from and refuse to construct without (`new OpenAI()` throws). */
const KEY_VARIABLES = ['OPENAI_API_KEY', 'ANTHROPIC_API_KEY'] as const

/**
 * Gives each unset key variable the placeholder, so clients construct in CI, where replay needs no key; a call
 * that would have to go live with it is refused with ERR_CASSETTE_NO_API_KEY.
 */
export function setPlaceholderKeys(env: NodeJS.ProcessEnv = process.env): void {
  for (const name of KEY_VARIABLES) if (!env[name]) env[name] = PLACEHOLDER_API_KEY
}
