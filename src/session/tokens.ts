import type { Interaction } from '../cassette/types.js'
import type { WireFormat } from '../cassette/wire-format.js'

/** Tokens a recorded call spent, as its format reads them; for a stream, the last chunk that says; 0 if none. */
export function tokensOf(interaction: Interaction, format: WireFormat): number {
  const { body } = interaction.response
  if (!Array.isArray(body)) return format.tokensOf(body) ?? 0
  for (let i = body.length - 1; i >= 0; i--) {
    const tokens = format.tokensOf(body[i])
    if (tokens !== undefined) return tokens
  }
  return 0
}
