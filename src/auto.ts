import { createRequire } from 'node:module'
import * as openai from 'openai'
import { patchTransport, unpatchTransport } from './openai/wrap.js'

/**
 * `import 'llm-cassettes/auto'` (in a setup file) records and replays every OpenAI client created from then
 * on, `AzureOpenAI` included, without `wrapOpenAI`: the code under test can create its own clients.
 * ESM and CommonJS load separate copies of `openai` with separate classes, so both are patched.
 */
const patched: object[] = []

function patchClass(exports: unknown): void {
  const OpenAI = (exports as { OpenAI?: { prototype: unknown } } | undefined)?.OpenAI
  const prototype = OpenAI?.prototype
  if (typeof prototype !== 'object' || prototype === null) return
  if (patchTransport(prototype as Parameters<typeof patchTransport>[0])) patched.push(prototype)
}

patchClass(openai)
try {
  patchClass(createRequire(import.meta.url)('openai'))
} catch {
  // No CommonJS build of `openai` can be loaded from here: only the ESM copy is in use.
}

/** Stops wrapping new and existing clients that were covered by `llm-cassettes/auto`. */
export function disableAutoWrap(): void {
  for (const prototype of patched.splice(0)) unpatchTransport(prototype)
}
