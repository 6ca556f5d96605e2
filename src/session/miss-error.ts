import type { RecordedRequest } from '../cassette/types.js'
import type { OutgoingRequest } from '../exchange/outgoing-request.js'
import { CassetteMissError } from '../errors.js'
import type { Player } from '../match/player.js'
import { nearestRecorded, type Difference } from '../match/nearest.js'
import type { ResolvedMode } from '../mode.js'
import { isObject } from '../util/is-object.js'
import { requestLabel } from '../util/request-label.js'
import type { RecordingSource } from './recording-source.js'

const MAX_DIFFERENCES = 8
const MAX_VALUE_CHARS = 120

function show(value: unknown): string {
  if (value === undefined) return '(absent)'
  const text = JSON.stringify(value) ?? String(value)
  return text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS)}…` : text
}

function describeDifferences(found: readonly Difference[]): string[] {
  const lines = found.slice(0, MAX_DIFFERENCES).map((d) => `      ${d.path}: recorded ${show(d.recorded)}, now ${show(d.actual)}`)
  if (found.length > MAX_DIFFERENCES) lines.push(`      … and ${found.length - MAX_DIFFERENCES} more`)
  return lines
}

/** `openai 6.1.0`, from llama-stack's `provider_metadata: { openai_sdk_version }` (or another SDK's `<name>_sdk_version`). */
function sdkVersionOf(request: RecordedRequest): string | undefined {
  const metadata = request['provider_metadata']
  if (!isObject(metadata)) return undefined
  for (const [key, value] of Object.entries(metadata)) {
    const sdk = /^(.+)_sdk_version$/.exec(key)?.[1]
    if (sdk && typeof value === 'string') return `${sdk} ${value}`
  }
  return undefined
}

/** Which cassette a miss happened in, and how to record it. */
export interface MissContext {
  cassettePath: string
  displayPath: string
  test: string
  recordCommand: string
}

/** The error for a call with no recording: the cassette, the request, the nearest recording and how to record. */
export function missError(
  options: MissContext,
  mode: ResolvedMode,
  request: OutgoingRequest,
  player: Player,
  recordings?: RecordingSource,
): CassetteMissError {
  const lines = [
    `no recording for ${requestLabel(request.recorded)}`,
    `  cassette: ${options.displayPath}`,
    `  test:     ${options.test}`,
    `  mode:     ${mode.mode} (${mode.reason}), which never sends a request live`,
  ]
  const recorded = player.recordedRequests()
  const times = player.countOf(request.canonical)
  if (recorded.length === 0) {
    lines.push('  The cassette does not exist or holds no interactions.')
  } else if (times > 0) {
    lines.push(`  This exact request was recorded ${times} time(s); this is call ${times + 1}.`)
  } else {
    const nearest = nearestRecorded(request.canonical, recorded)
    if (nearest) {
      const model = player.interactions[nearest.index]?.request.model ?? ''
      lines.push(
        `  nearest recorded request: #${nearest.index + 1} ${requestLabel({ ...nearest.request, model })}, which differs in:`,
        ...describeDifferences(nearest.differences),
      )
    }
  }
  const installed = sdkVersionOf(request.recorded)
  const recordedWith = [...new Set(player.interactions.map((interaction) => sdkVersionOf(interaction.request)))].filter(
    (version) => version && version !== installed,
  )
  if (installed && recordedWith.length > 0) {
    lines.push(`  The cassette was recorded with ${recordedWith.join(', ')}; ${installed} is installed.`)
  }
  if (recordings) lines.push(`  ${recordings.describe()}`)
  lines.push(`  To record it, run locally with an API key: ${options.recordCommand}`)
  return new CassetteMissError(lines.join('\n'), { cassettePath: options.cassettePath })
}
