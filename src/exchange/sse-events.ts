import type { EventSourceMessage } from 'eventsource-parser'
import { loadOnUse } from '../util/load-on-use.js'

/** One event of a stream with the text it came in, or (`event` undefined) text after the last event. */
export interface ArrivedEvent {
  event?: EventSourceMessage
  raw: string
}

/**
 * Splits server-sent events out of the text a caller reads, each with its exact text: the parser is fed one whole
 * line at a time, so the event it dispatches on a blank line owns every line since the previous event (comments
 * and `retry:` lines included). A `\r` at the end of a piece waits for the next, which may start with `\n`.
 */
export function sseEventSplitter(onEvent: (arrived: ArrivedEvent) => void): { feed(text: string): void; end(): void } {
  let pending = ''
  let raw = ''
  let dispatched: EventSourceMessage | undefined
  // Loaded on the first stream recorded: a replaying worker never needs it.
  const { createParser } = loadOnUse('eventsource-parser') as typeof import('eventsource-parser')
  const parser = createParser({ onEvent: (event) => (dispatched = event) })
  const feedLine = (line: string) => {
    raw += line
    parser.feed(line)
    if (!dispatched) return
    onEvent({ event: dispatched, raw })
    dispatched = undefined
    raw = ''
  }
  return {
    feed(text) {
      pending += text
      const lines = /[^\r\n]*(?:\r\n|\n|\r(?!$))/gy
      let consumed = 0
      for (let found = lines.exec(pending); found && found[0] !== ''; found = lines.exec(pending)) {
        feedLine(found[0])
        consumed = lines.lastIndex
      }
      pending = pending.slice(consumed)
    },
    end() {
      const rest = raw + pending
      pending = ''
      raw = ''
      if (rest !== '') onEvent({ raw: rest })
    },
  }
}

/** Splits newline-delimited JSON into lines, each with its line ending; a last line without one comes at the end. */
export function lineSplitter(onLine: (line: string) => void): { feed(text: string): void; end(): void } {
  let pending = ''
  return {
    feed(text) {
      pending += text
      let end = pending.indexOf('\n')
      while (end !== -1) {
        onLine(pending.slice(0, end + 1))
        pending = pending.slice(end + 1)
        end = pending.indexOf('\n')
      }
    },
    end() {
      if (pending !== '') onLine(pending)
      pending = ''
    },
  }
}
