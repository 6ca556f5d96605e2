import type { RecordedRequest } from '../cassette/types.js'
import type { OutgoingRequest } from '../exchange/outgoing-request.js'
import { CassetteMissError } from '../errors.js'
import type { Player } from '../match/player.js'
import type { MatchRules } from '../match/ignore.js'
import type { IgnoredField } from '../match/masked.js'
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

/** An earlier call of the same test: the recording of the cassette it matched, or where else it was served from. */
export type EarlierCall = { recording: number } | { source: 'recordings' | 'live' }

/** How the missed request was matched, and where it stands among the test's calls. */
export interface MissDetails {
  rules: MatchRules
  /** Ids the test received from earlier replayed responses. */
  received: ReadonlySet<string>
  position: { call: number; earlier: readonly EarlierCall[] }
  recordings?: RecordingSource | undefined
}

/** `calls 1–2 matched recordings #1–#2` (or, out of order, `call 1 matched #2, call 2 matched #1`). */
function earlierLine(earlier: readonly EarlierCall[]): string | undefined {
  if (earlier.length === 0) return undefined
  const inOrder = earlier.every((call, i) => 'recording' in call && call.recording === i)
  if (inOrder) {
    const calls = earlier.length === 1 ? 'call 1' : `calls 1–${earlier.length}`
    return `${calls} matched ${earlier.length === 1 ? 'recording #1' : `recordings #1–#${earlier.length}`}`
  }
  return earlier
    .map(
      (call, i) =>
        `call ${i + 1} ${'recording' in call ? `matched #${call.recording + 1}` : call.source === 'live' ? 'went live' : 'came from the recordings directories'}`,
    )
    .join(', ')
}

function ignoredLines(ignored: readonly IgnoredField[]): string[] {
  if (ignored.length === 0) return []
  const shown = ignored.slice(0, MAX_DIFFERENCES).map((field) => `${field.path} (${field.why})`)
  const more = ignored.length > MAX_DIFFERENCES ? `, … and ${ignored.length - MAX_DIFFERENCES} more` : ''
  return [`  ignored when matching: ${shown.join(', ')}${more}`]
}

/** The error for a call with no recording: the cassette, where the test diverged, the recording it differs from, and how to record. */
export function missError(options: MissContext, mode: ResolvedMode, request: OutgoingRequest, player: Player, details: MissDetails): CassetteMissError {
  const { rules, received, position, recordings } = details
  const lines = [
    `no recording for ${requestLabel(request.recorded)}`,
    `  cassette: ${options.displayPath}`,
    `  test:     ${options.test}`,
    `  mode:     ${mode.mode} (${mode.reason}), which never sends a request live`,
  ]
  const recorded = player.recordedRequests()
  const times = player.countOf(request.canonical, rules)
  const total = recorded.length
  if (total === 0) {
    lines.push('  The cassette does not exist or holds no interactions.')
  } else {
    const of = position.call <= total ? `call ${position.call} of ${total} in this test` : `call ${position.call} in this test (the cassette holds ${total})`
    const earlier = earlierLine(position.earlier)
    lines.push(`  ${of} is the first that has no recording${earlier ? `; ${earlier}` : ''}.`)
    const same = recorded[position.call - 1]
    if (times > 0) {
      lines.push(`  This exact request was recorded ${times} time(s); this is call ${times + 1} of it.`)
    } else if (same && same.method === request.canonical.method && same.endpoint === request.canonical.endpoint) {
      const comparison = player.compare(position.call - 1, request.canonical, rules, received)
      const model = player.interactions[position.call - 1]?.request.model ?? ''
      lines.push(
        `  recording #${position.call}, ${requestLabel({ ...same, model })}, differs in:`,
        ...describeDifferences(comparison.differences),
        ...ignoredLines(comparison.ignored),
      )
    } else {
      const nearest = nearestRecorded(request.canonical, recorded)
      if (nearest) {
        const comparison = player.compare(nearest.index, request.canonical, rules, received)
        const model = player.interactions[nearest.index]?.request.model ?? ''
        lines.push(
          `  nearest recorded request: #${nearest.index + 1} ${requestLabel({ ...nearest.request, model })}, which differs in:`,
          ...describeDifferences(comparison.differences),
          ...ignoredLines(comparison.ignored),
        )
      }
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
