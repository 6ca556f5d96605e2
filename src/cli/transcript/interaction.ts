import type { Interaction } from '../../cassette/types.js'
import { requestLabel } from '../../util/request-label.js'
import { replyLines } from './reply.js'
import { requestLines } from './request.js'

/** One interaction as a readable transcript: a heading, what was sent, then the reply, indented. */
export function interactionTranscript(interaction: Interaction, index: number): string[] {
  const { request, response } = interaction
  const body = [...requestLines(request.endpoint, request.body), ...replyLines(request.endpoint, response)]
  return [`#${index + 1} ${requestLabel(request)}`, ...body.map((line) => `  ${line.replace(/\n/g, '\n  ')}`)]
}
