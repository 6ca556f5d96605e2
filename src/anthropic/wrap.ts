import { unwrapStainlessClient, wrapStainlessClient, type StainlessClientShape } from '../stainless/wrap-client.js'
import type { WrapOptions } from '../stainless/wrap-options.js'
import { anthropicSdk } from './sdk.js'

/** An `@anthropic-ai/sdk` client (0.39 to 1.x) as TypeScript checks it: it has `messages`, which an OpenAI client has not. */
export interface AnthropicClientShape extends StainlessClientShape {
  messages: object
}

/**
 * Records and replays this `@anthropic-ai/sdk` client's calls through the current test's cassette. Returns the
 * same instance, with the same type; only its transport is replaced, so messages, streams (`messages.stream()`
 * included), pages, batches, errors and retries behave as they do live.
 */
export function wrapAnthropic<Client extends AnthropicClientShape>(client: Client, options: WrapOptions = {}): Client {
  return wrapStainlessClient(client, anthropicSdk, options)
}

/** Undoes {@link wrapAnthropic}: the client talks to the network directly again. */
export function unwrapAnthropic<Client extends AnthropicClientShape>(client: Client): Client {
  return unwrapStainlessClient(client)
}
