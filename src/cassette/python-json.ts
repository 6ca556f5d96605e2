/**
 * `json.dumps(value, sort_keys=True)` as CPython writes it with its defaults: `", "` and `": "` separators,
 * `ensure_ascii` (`\uXXXX` escapes, surrogate pairs for astral characters) and floats in `repr` form.
 *
 * JSON.parse cannot tell `0.0` from `0`: every integral number is written as a Python int. Recordings whose
 * request held an integral float therefore hash differently here than in Python.
 */
export function pythonJsonDumps(value: unknown): string {
  if (value === null || value === undefined) return 'null'
  if (value === true) return 'true'
  if (value === false) return 'false'
  if (typeof value === 'number') return pythonNumber(value)
  if (typeof value === 'string') return pythonString(value)
  if (Array.isArray(value)) return `[${value.map(pythonJsonDumps).join(', ')}]`
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, item]) => item !== undefined)
    entries.sort(([a], [b]) => compareCodePoints(a, b))
    return `{${entries.map(([key, item]) => `${pythonString(key)}: ${pythonJsonDumps(item)}`).join(', ')}}`
  }
  throw new TypeError(`pythonJsonDumps: cannot encode a ${typeof value}`)
}

const SHORT_ESCAPES: Record<string, string> = {
  '"': '\\"',
  '\\': '\\\\',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
}

/** Python's ESCAPE_ASCII: everything outside printable ASCII (space to `~`) is escaped, per UTF-16 code unit. */
function pythonString(text: string): string {
  const escaped = text.replace(/[\\"]|[^ -~]/g, (char) => SHORT_ESCAPES[char] ?? `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`)
  return `"${escaped}"`
}

/** Python sorts keys by code point; JavaScript's `<` compares UTF-16 code units, which differs above U+FFFF. */
function compareCodePoints(a: string, b: string): number {
  const left = [...a]
  const right = [...b]
  for (let i = 0; i < Math.min(left.length, right.length); i++) {
    const difference = left[i]!.codePointAt(0)! - right[i]!.codePointAt(0)!
    if (difference !== 0) return difference
  }
  return left.length - right.length
}

/** Integers as Python ints; other numbers as `float.__repr__`: shortest digits, exponent below 1e-4 or from 1e16. */
function pythonNumber(value: number): string {
  if (Number.isNaN(value)) return 'NaN'
  if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity'
  if (Number.isInteger(value) && Math.abs(value) < 1e16) return Object.is(value, -0) ? '0' : value.toFixed(0)
  const [mantissa, exponentText] = value.toExponential().split('e') as [string, string]
  const exponent = Number(exponentText)
  if (exponent < -4 || exponent >= 16) {
    const sign = exponent < 0 ? '-' : '+'
    return `${mantissa}e${sign}${String(Math.abs(exponent)).padStart(2, '0')}`
  }
  const negative = mantissa.startsWith('-')
  const digits = mantissa.replace('-', '').replace('.', '')
  const point = exponent + 1
  let fixed: string
  if (point <= 0) fixed = `0.${'0'.repeat(-point)}${digits}`
  else if (point >= digits.length) fixed = `${digits}${'0'.repeat(point - digits.length)}.0`
  else fixed = `${digits.slice(0, point)}.${digits.slice(point)}`
  return negative ? `-${fixed}` : fixed
}
