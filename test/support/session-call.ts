import { readOutgoingRequest } from '../../src/openai/outgoing-request.js'
import { createRedactor } from '../../src/safety/redaction.js'
import type { Call } from '../../src/session/cassette-session.js'

/** A `Call` as the transport builds it, with no redaction rules, for driving a `CassetteSession` directly. */
export async function sessionCall(
  url: string,
  init: RequestInit,
  options: { baseURL: string; sendLive: () => Promise<Response>; apiKey?: string; recordings?: Call['recordings'] },
): Promise<Call> {
  const redactor = createRedactor([])
  const call: Call = {
    request: await readOutgoingRequest(url, init, options.baseURL, redactor),
    redactor,
    url,
    apiKey: options.apiKey,
    allowedSecrets: [],
    signal: new AbortController().signal,
    sendLive: options.sendLive,
  }
  if (options.recordings) call.recordings = options.recordings
  return call
}
