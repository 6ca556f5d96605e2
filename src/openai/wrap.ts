import { unwrapStainlessClient, wrapStainlessClient, type StainlessClientShape } from '../stainless/wrap-client.js'
import type { WrapOptions } from '../stainless/wrap-options.js'
import { openaiSdk } from './sdk.js'

export type { WrapOptions } from '../stainless/wrap-options.js'

/** An `openai` client (v4 to v7, `AzureOpenAI` included) as TypeScript checks it: it has `chat`, which an Anthropic client has not. */
export interface OpenAIClientShape extends StainlessClientShape {
  chat: object
}

/**
 * Records and replays this `openai` client's calls (v4 to v7, `AzureOpenAI` included) through the current
 * test's cassette. Returns the same instance, with the same type; only its transport is replaced.
 */
export function wrapOpenAI<Client extends OpenAIClientShape>(client: Client, options: WrapOptions = {}): Client {
  return wrapStainlessClient(client, openaiSdk, options)
}

/** Undoes {@link wrapOpenAI}: the client talks to the network directly again. */
export function unwrapOpenAI<Client extends OpenAIClientShape>(client: Client): Client {
  return unwrapStainlessClient(client)
}
