import { readOutgoingRequest } from '../../src/exchange/outgoing-request.js'
import { openaiSdk } from '../../src/openai/sdk.js'
import { createRedactor } from '../../src/safety/redaction.js'
import type { Call } from '../../src/session/cassette-session.js'

/** A `Call` as the OpenAI transport builds it, with no redaction rules, for driving a `CassetteSession` directly. */
export async function sessionCall(
  url: string,
  init: RequestInit,
  options: { baseURL: string; sendLive: () => Promise<Response>; apiKey?: string; recordings?: Call['recordings'] },
): Promise<Call> {
  const redactor = createRedactor([])
  const call: Call = {
    request: await readOutgoingRequest(url, init, { endpoint: openaiSdk.endpointOf(new URL(url), options.baseURL) }, redactor),
    redactor,
    format: openaiSdk.format,
    url,
    credentials: options.apiKey ? [options.apiKey] : [],
    allowedSecrets: [],
    signal: new AbortController().signal,
    sendLive: options.sendLive,
  }
  if (options.recordings) call.recordings = options.recordings
  return call
}
