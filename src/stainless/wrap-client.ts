import { CassetteError } from '../errors.js'
import { isPatchable, patchTransport, unpatchTransport } from './patch-client.js'
import type { StainlessSdk } from './sdk.js'
import type { WrapOptions } from './wrap-options.js'

/** The Stainless SDKs this package adapts, told apart by the resources only each client has. */
const FAMILIES = [
  { clientName: 'OpenAI', wrapFunction: 'wrapOpenAI', is: (client: object) => 'chat' in client && 'embeddings' in client },
  { clientName: 'Anthropic', wrapFunction: 'wrapAnthropic', is: (client: object) => 'messages' in client && !('chat' in client) },
]

function notAClient(sdk: StainlessSdk, client: unknown): CassetteError {
  const other = typeof client === 'object' && client !== null ? FAMILIES.find((family) => family.clientName !== sdk.clientName && family.is(client)) : undefined
  const hint = other
    ? `This is ${/^[aeiou]/i.test(other.clientName) ? 'an' : 'a'} ${other.clientName} client: use ${other.wrapFunction}(client).`
    : typeof client === 'function'
      ? 'For a fetch function (the Vercel AI SDK, LangChain, Google GenAI…), use wrapFetch(fetch).'
      : `Got ${client === null ? 'null' : typeof client}.`
  return new CassetteError(
    `${sdk.wrapFunction}() expects a client of the ${sdk.clientName} SDK, e.g. \`${sdk.wrapFunction}(new ${sdk.clientName}())\`. ${hint}`,
    {
      code: 'ERR_CASSETTE_CLIENT',
    },
  )
}

/**
 * What TypeScript can check of a Stainless client, whichever version: its public `baseURL` and `fetchWithTimeout`
 * (public in every openai and @anthropic-ai/sdk version's types). A property, not a method, so any signature fits.
 */
export interface StainlessClientShape {
  baseURL: string
  fetchWithTimeout: (...args: never[]) => unknown
}

/**
 * Records and replays this client's calls through the current test's cassette. Returns the same instance;
 * only its transport is replaced, so everything the SDK builds on top (streams, pages, helpers, errors,
 * retries, `withResponse()`) behaves as it does live. Wrapping twice is a no-op, and so is wrapping a client
 * that `llm-cassettes/auto` already covers.
 */
export function wrapStainlessClient<Client extends object>(client: Client, sdk: StainlessSdk, options: WrapOptions): Client {
  const family = FAMILIES.find((candidate) => candidate.clientName === sdk.clientName)
  if (!isPatchable(client) || typeof (client as { baseURL?: unknown }).baseURL !== 'string' || (family && !family.is(client))) {
    throw notAClient(sdk, client)
  }
  patchTransport(client, sdk, options)
  return client
}

/** Undoes `wrap…()`: the client talks to the network directly again. */
export function unwrapStainlessClient<Client extends object>(client: Client): Client {
  unpatchTransport(client)
  return client
}
