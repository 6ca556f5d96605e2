/** `1 unused interaction (#2)`, `2 unused interactions (#1, #3)`: the report's 0-based indexes, numbered as people count. */
export function unusedInteractions(indexes: readonly number[]): string {
  const noun = indexes.length === 1 ? 'interaction' : 'interactions'
  return `${indexes.length} unused ${noun} (${indexes.map((index) => `#${index + 1}`).join(', ')})`
}
