import { CassetteMissError } from '../errors.js'
import type { RecordingSource } from '../session/recording-source.js'
import type { OutgoingRequest } from './outgoing-request.js'
import { replayResponse } from './replay-response.js'

/** Outside any test, with `mode: 'replay'`: the llama-stack recordings are the only source. */
export function replayFromRecordings(
  request: OutgoingRequest,
  url: string,
  signal: AbortSignal,
  recordings: RecordingSource,
  where: string,
): Response {
  const recorded = recordings.take(request.canonical)
  if (recorded) return replayResponse(recorded, url, signal)
  const { method, endpoint, model } = request.recorded
  throw new CassetteMissError(
    [
      `no recording for ${method} ${endpoint}${model ? ` (model ${model})` : ''}`,
      '  mode:     replay (the `mode` option of wrapOpenAI, outside a test), which never sends a request live',
      `  ${recordings.describe()}`,
    ].join('\n'),
    { cassettePath: where },
  )
}
