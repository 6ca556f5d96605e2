import type { CompatColumn } from './compat-table.js'

/** The @anthropic-ai/sdk versions installed side by side (see docs/compatibility.md for why these). */
export const ANTHROPIC_VERSIONS = [
  { version: '1.14', alias: '@anthropic-ai/sdk' },
  { version: '0.137', alias: 'anthropic-v0' },
  { version: '0.39', alias: 'anthropic-v0-39' },
] as const

export const ANTHROPIC_COLUMNS: readonly CompatColumn[] = ANTHROPIC_VERSIONS.map(({ version }) => [version, `@anthropic-ai/sdk ${version}`])

/** The runners each Anthropic fidelity suite runs under: the same scenario list, one harness each. */
export const FIDELITY_RUNNERS = ['vitest', 'jest'] as const

export const ANTHROPIC_API_KEY = 'sk-ant-api03-fidelity-0123456789abcdefABCDEF'
export const DEAD_ANTHROPIC_URL = 'http://127.0.0.1:9'
