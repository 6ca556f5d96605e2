import { asText, isRecord, sendJson, sha256, textOf } from './shared.js'
import type { Call, Json } from './types.js'

/** Each category with the input types it applies to, as the omni moderation models report them. */
const CATEGORIES: Record<string, string[]> = {
  harassment: ['text'],
  'harassment/threatening': ['text'],
  hate: ['text'],
  'hate/threatening': ['text'],
  illicit: ['text'],
  'illicit/violent': ['text'],
  'self-harm': ['text'],
  'self-harm/instructions': ['text'],
  'self-harm/intent': ['text'],
  sexual: ['text'],
  'sexual/minors': ['text'],
  violence: ['text'],
  'violence/graphic': ['text'],
}
/** The category an input containing "kill" is flagged under. */
const FLAGGED_CATEGORY = 'violence'

function moderationInputs(input: unknown): string[] {
  if (typeof input === 'string') return [input]
  if (!Array.isArray(input)) return [asText(input ?? '')]
  if (input.every((item) => typeof item === 'string')) return input
  // Multi-modal input: one result for all the parts together.
  return [input.map((part) => (isRecord(part) ? textOf([part]) : asText(part))).join(' ')]
}

function moderation(text: string): Json {
  const flagged = /kill/i.test(text)
  const digest = Buffer.from(sha256(text), 'hex')
  const names = Object.keys(CATEGORIES)
  const categories = Object.fromEntries(names.map((name) => [name, flagged && name === FLAGGED_CATEGORY]))
  const score = (name: string, index: number): number => (flagged && name === FLAGGED_CATEGORY ? 0.9 : (digest[index] ?? 0) / 255_000)
  const category_scores = Object.fromEntries(names.map((name, index) => [name, score(name, index)]))
  return { flagged, categories, category_scores, category_applied_input_types: CATEGORIES }
}

export function handleModerations(call: Call): void {
  const results = moderationInputs(call.body.input).map(moderation)
  sendJson(call.res, { status: 200, body: { id: `modr-${call.hash.slice(0, 24)}`, model: call.model, results } })
}
