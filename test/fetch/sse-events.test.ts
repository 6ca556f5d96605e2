import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { lineSplitter, sseEventSplitter, type ArrivedEvent } from '../../src/exchange/sse-events.js'

function split(text: string, cuts: number[]): string[] {
  const points = [...new Set(cuts.map((cut) => cut % (text.length + 1)))].sort((a, b) => a - b)
  const pieces: string[] = []
  let from = 0
  for (const point of points) {
    pieces.push(text.slice(from, point))
    from = point
  }
  pieces.push(text.slice(from))
  return pieces
}

function events(pieces: string[]): ArrivedEvent[] {
  const found: ArrivedEvent[] = []
  const splitter = sseEventSplitter((event) => found.push(event))
  for (const piece of pieces) splitter.feed(piece)
  splitter.end()
  return found
}

const STREAM =
  ': keep-alive\n\n' +
  'retry: 1000\n' +
  'event: message_start\nid: 7\ndata: {"a":1}\n\n' +
  'data: line one\r\ndata: line two\r\n\r\n' +
  'data:no-space\n\n' +
  'data: [DONE]\n\n' +
  'data: cut sho'

describe('server-sent events with their exact text', () => {
  test('each event owns the lines since the last one; the text after the last event comes at the end', () => {
    const found = events([STREAM])
    expect(found.map(({ event }) => event && { event: event.event, id: event.id, data: event.data })).toEqual([
      { event: 'message_start', id: '7', data: '{"a":1}' },
      { event: undefined, id: undefined, data: 'line one\nline two' },
      { event: undefined, id: undefined, data: 'no-space' },
      { event: undefined, id: undefined, data: '[DONE]' },
      undefined,
    ])
    expect(found[0]!.raw).toBe(': keep-alive\n\nretry: 1000\nevent: message_start\nid: 7\ndata: {"a":1}\n\n')
    expect(found.at(-1)!.raw).toBe('data: cut sho')
  })

  test('however the bytes are cut, the same events come out and their texts are the stream', () => {
    const whole = events([STREAM])
    fc.assert(
      fc.property(fc.array(fc.nat(), { maxLength: 12 }), (cuts) => {
        const found = events(split(STREAM, cuts))
        expect(found).toEqual(whole)
        expect(found.map(({ raw }) => raw).join('')).toBe(STREAM)
      }),
    )
  })

  test('newline-delimited JSON: one line at a time, however cut, the last without its newline', () => {
    const text = '{"a":1}\n{"b":2}\r\n{"c":3}'
    fc.assert(
      fc.property(fc.array(fc.nat(), { maxLength: 8 }), (cuts) => {
        const lines: string[] = []
        const splitter = lineSplitter((line) => lines.push(line))
        for (const piece of split(text, cuts)) splitter.feed(piece)
        splitter.end()
        expect(lines).toEqual(['{"a":1}\n', '{"b":2}\r\n', '{"c":3}'])
      }),
    )
  })
})
