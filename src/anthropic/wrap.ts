import { unwrapStainlessClient, wrapStainlessClient } from '../stainless/wrap-client.js'
import type { WrapOptions } from '../stainless/wrap-options.js'
import { anthropicSdk } from './sdk.js'

/**
 * Records and replays this `@anthropic-ai/sdk` client's calls through the current test's cassette. Returns the
 * same instance, with the same type; only its transport is replaced, so messages, streams (`messages.stream()`
 * included), pages, batches, errors and retries behave as they do live.
 */
export function wrapAnthropic<Client extends object>(client: Client, options: WrapOptions = {}): Client {
  return wrapStainlessClient(client, anthropicSdk, options)
}

/** Undoes {@link wrapAnthropic}: the client talks to the network directly again. */
export function unwrapAnthropic<Client extends object>(client: Client): Client {
  return unwrapStainlessClient(client)
}
