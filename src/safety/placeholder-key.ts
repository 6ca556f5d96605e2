/**
 * The runner setups set it as the SDKs' key variables (`OPENAI_API_KEY`, …) when they are unset, so clients
 * construct in CI, where replay needs no key. A call that would go live with it is refused.
 */
export const PLACEHOLDER_API_KEY = 'llm-cassettes-no-api-key'
