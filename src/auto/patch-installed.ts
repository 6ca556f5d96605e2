import { anthropicSdk } from '../anthropic/sdk.js'
import { openaiSdk } from '../openai/sdk.js'
import { patchTransport, unpatchTransport } from '../stainless/patch-client.js'
import type { StainlessSdk } from '../stainless/sdk.js'

/** The SDKs `llm-cassettes/auto` covers: the package, the client class it exports, and how to adapt it. */
export const AUTO_SDKS: readonly { module: string; clientClass: string; sdk: StainlessSdk }[] = [
  { module: 'openai', clientClass: 'OpenAI', sdk: openaiSdk },
  { module: '@anthropic-ai/sdk', clientClass: 'Anthropic', sdk: anthropicSdk },
]

const patched: object[] = []

/**
 * Patches the client class's prototype in one loaded copy of an SDK (its ESM or its CommonJS build: they have
 * different classes), so every client created from it, subclasses such as `AzureOpenAI` included, is covered.
 */
export function patchClientClass(exports: unknown, clientClass: string, sdk: StainlessSdk): void {
  const Client = (exports as Record<string, { prototype?: unknown } | undefined> | undefined)?.[clientClass]
  const prototype = Client?.prototype
  if (typeof prototype !== 'object' || prototype === null) return
  if (patchTransport(prototype as Parameters<typeof patchTransport>[0], sdk)) patched.push(prototype)
}

/** Stops wrapping new and existing clients that were covered by `llm-cassettes/auto`. */
export function disableAutoWrap(): void {
  for (const prototype of patched.splice(0)) unpatchTransport(prototype)
}
