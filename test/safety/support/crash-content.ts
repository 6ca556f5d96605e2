import type { Cassette } from '../../../src/cassette/types.js'

/** A cassette whose every interaction carries its generation, large enough that a write takes a while. */
export function crashCassette(generation: number): Cassette {
  return {
    version: 1,
    test: `generation ${generation}`,
    interactions: Array.from({ length: 40 }, (_, index) => ({
      request: { method: 'POST', url: 'u', headers: {}, body: { generation, index }, endpoint: '/v1/x', model: '' },
      response: { body: { generation, text: `${generation}:${index} `.repeat(200) }, is_streaming: false },
    })),
  }
}

export function generationOf(cassette: Cassette): number {
  return Number(cassette.test.replace('generation ', ''))
}
