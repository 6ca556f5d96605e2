import type { WireFormat } from '../cassette/wire-format.js'
import type { RedactRules } from '../safety/redaction.js'

/**
 * Which provider's API a URL calls, as seen from the URL alone (and, where a path is ambiguous, a header the
 * provider's clients send): how its bodies are stored, and its endpoint, the same on any host and under any
 * base path, so a cassette recorded against a local server replays against the real host and back.
 */
export interface ProviderRoute {
  format: WireFormat
  /** The API path as matched and stored, e.g. `/v1/chat/completions` for `https://host/custom/v1/chat/completions`. */
  endpoint: string
  /** The model, when the API names it in the path (Gemini's `models/{model}:generateContent`). */
  model?: string
  /** The environment variables a key for this API is usually read from, named when a call cannot go live. */
  keyEnvVar?: string
  /**
   * Request fields that clients fill with values invented per run (Gemini tool-call ids the Vercel AI SDK makes
   * up when the server sent none): replaced by `[REDACTED]` when recording and when matching, so they never
   * break a replay.
   */
  redact?: RedactRules
}
