import stableStringify from 'json-stable-stringify'
import type { Interaction } from '../cassette/types.js'
import { CHUNK_OFFSETS_FIELD, STREAM_END_FIELD } from '../exchange/pacing.js'
import { canonicalFromRecorded } from '../match/canonical.js'

/** The path and query of a URL: the host a call went to (a local server's port) does not make it another call. */
function pathOf(url: string): string {
  try {
    const { pathname, search } = new URL(url)
    return pathname + search
  } catch {
    return url
  }
}

/**
 * An interaction as compared for a re-record: everything but when its chunks arrived and its stream ended, which
 * differ on every run, and the host its URL named.
 */
function content(interaction: Interaction): string {
  const { [CHUNK_OFFSETS_FIELD]: _offsets, [STREAM_END_FIELD]: _end, ...response } = interaction.response
  const request = { ...interaction.request, url: pathOf(interaction.request.url) }
  return stableStringify({ ...interaction, request, response }) ?? ''
}

/**
 * The re-recorded interactions, each replaced by the recording of the same request it equals but for chunk
 * arrival times and the URL's host (the first such, each used once): a re-record that changes nothing changes
 * no byte, and keeps the pacing measured when the call was first recorded.
 */
export function keepUnchanged(current: readonly Interaction[], recorded: readonly Interaction[]): Interaction[] {
  const unpaired = current.map((interaction) => ({ interaction, key: canonicalFromRecorded(interaction.request).key, text: undefined as string | undefined }))
  return recorded.map((interaction) => {
    const key = canonicalFromRecorded(interaction.request).key
    const text = content(interaction)
    const index = unpaired.findIndex((candidate) => candidate.key === key && (candidate.text ??= content(candidate.interaction)) === text)
    if (index === -1) return interaction
    return unpaired.splice(index, 1)[0]!.interaction
  })
}
