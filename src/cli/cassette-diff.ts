import { diffArrays } from 'diff'
import type { Cassette, Interaction } from '../cassette/types.js'
import { requestLabel } from '../util/request-label.js'
import { interactionTranscript } from './transcript/interaction.js'

/** How a cassette's transcript changed between two versions of it. */
export interface CassetteDiff {
  before: number
  after: number
  /** Interactions whose transcript changed, plus those added or removed. */
  changed: number
  /** The changed interactions as transcripts: `-` before, `+` after, unchanged lines of a changed interaction indented. */
  lines: string[]
}

/** An interaction's transcript lines without its `#n` heading (which moves when calls are added before it) and their indent. */
function transcriptBody(interaction: Interaction): string[] {
  return interactionTranscript(interaction, 0)
    .slice(1)
    .flatMap((line) => line.split('\n'))
    .map((line) => line.replace(/^ {2}/, ''))
}

function heading(interaction: Interaction, index: number, note: string): string {
  return `  #${index + 1} ${requestLabel(interaction.request)}${note}`
}

function lineDiff(before: readonly string[], after: readonly string[]): string[] {
  return diffArrays([...before], [...after]).flatMap((part) => part.value.map((line) => `${part.added ? '+' : part.removed ? '-' : ' '} ${line}`))
}

/**
 * The transcript of `after` against `before` (either may be absent: a cassette added or deleted). Interactions
 * are lined up by their transcripts, so a call added at the start does not make every later one look changed;
 * a removed interaction followed by an added one is shown as one changed interaction.
 */
export function diffCassettes(before: Cassette | undefined, after: Cassette | undefined): CassetteDiff {
  const old = before?.interactions ?? []
  const now = after?.interactions ?? []
  const oldBodies = old.map(transcriptBody)
  const newBodies = now.map(transcriptBody)
  const parts = diffArrays(
    oldBodies.map((lines) => lines.join('\n')),
    newBodies.map((lines) => lines.join('\n')),
  )
  const lines: string[] = []
  let changed = 0
  let [o, n] = [0, 0]
  for (let p = 0; p < parts.length; p++) {
    const part = parts[p]!
    if (!part.added && !part.removed) {
      o += part.value.length
      n += part.value.length
      continue
    }
    const removed = part.removed ? part.value.length : 0
    const next = parts[p + 1]
    const added = part.added ? part.value.length : next?.added && part.removed ? next.value.length : 0
    if (part.removed && next?.added) p++
    const paired = Math.min(removed, added)
    for (let i = 0; i < Math.max(removed, added); i++) {
      changed++
      if (i < paired) {
        const note = o + i === n + i ? '' : ` (was #${o + i + 1})`
        lines.push(heading(now[n + i]!, n + i, note), ...lineDiff(oldBodies[o + i]!, newBodies[n + i]!).map((line) => `  ${line}`))
      } else if (i < removed) {
        lines.push(heading(old[o + i]!, o + i, ' (removed)'), ...oldBodies[o + i]!.map((line) => `  - ${line}`))
      } else {
        lines.push(heading(now[n + i]!, n + i, ' (new)'), ...newBodies[n + i]!.map((line) => `  + ${line}`))
      }
    }
    o += removed
    n += added
  }
  return { before: old.length, after: now.length, changed, lines }
}
