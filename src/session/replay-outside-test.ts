import { CassetteError, CassetteMissError } from '../errors.js'
import { replayProblem } from '../exchange/replay-check.js'
import type { OutgoingRequest } from '../exchange/outgoing-request.js'
import { replayResponse } from '../exchange/replay-response.js'
import type { WireFormat } from '../cassette/wire-format.js'
import { requestLabel } from '../util/request-label.js'
import type { RecordingSource } from './recording-source.js'

/** A call outside any test, in `mode: 'replay'`: the llama-stack recordings are the only source. */
export interface OutsideTestCall {
  request: OutgoingRequest
  format: WireFormat
  url: string
  signal: AbortSignal
  recordings: RecordingSource
  /** Where the recordings are, for the miss error. */
  where: string
  /** The function whose `mode` option asked for this, e.g. `wrapOpenAI`. */
  wrapFunction: string
}

export function replayOutsideTest(call: OutsideTestCall): Response {
  const recorded = call.recordings.take(call.request.canonical)
  if (recorded) {
    const problem = replayProblem(call.format, recorded)
    if (problem) {
      throw new CassetteError(`the recording of ${requestLabel(recorded.request)} in ${call.where}: $${problem.path} ${problem.problem}`, {
        code: 'ERR_CASSETTE_FORMAT',
        cassettePath: call.where,
      })
    }
    return replayResponse(call.format, recorded, call.url, call.signal)
  }
  throw new CassetteMissError(
    [
      `no recording for ${requestLabel(call.request.recorded)}`,
      `  mode:     replay (the \`mode\` option of ${call.wrapFunction}, outside a test), which never sends a request live`,
      `  ${call.recordings.describe()}`,
    ].join('\n'),
    { cassettePath: call.where },
  )
}
