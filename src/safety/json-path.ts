import { CassetteError } from '../errors.js'

/** One step of a path: an object key, an array index, or `*` for every key or index. */
export type PathStep = string | number | typeof ANY

export const ANY = Symbol('any')

const STEP = /\.([^.[\]]+)|\[(\d+|\*|"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')\]/y

/**
 * Parses `a.b[0].c`, `a.*.c`, `a[*]`, `a["odd.key"]`, with an optional leading `$.`.
 * Throws CassetteError naming the path and the offset where it stops making sense.
 */
export function parseJsonPath(path: string): PathStep[] {
  const text = path.startsWith('$') ? path.slice(1) : `.${path}`
  const steps: PathStep[] = []
  STEP.lastIndex = 0
  while (STEP.lastIndex < text.length) {
    const at = STEP.lastIndex
    const match = STEP.exec(text)
    if (!match) {
      throw new CassetteError(
        `redact path ${JSON.stringify(path)} is not a JSON path: unexpected ${JSON.stringify(text.slice(at, at + 10))}. Use e.g. "request.body.user" or "response.body.choices[*].message.content".`,
        {
          code: 'ERR_CASSETTE_OPTION',
        },
      )
    }
    const [, key, bracket] = match
    if (key !== undefined) steps.push(key === '*' ? ANY : key)
    else if (bracket === '*') steps.push(ANY)
    else if (/^\d+$/.test(bracket!)) steps.push(Number(bracket))
    else steps.push(JSON.parse(bracket!.startsWith("'") ? `"${bracket!.slice(1, -1).replace(/"/g, '\\"')}"` : bracket!) as string)
  }
  if (steps.length === 0) throw new CassetteError(`redact path ${JSON.stringify(path)} is empty`, { code: 'ERR_CASSETTE_OPTION' })
  return steps
}

type Container = Record<string, unknown> | unknown[]

const isContainer = (value: unknown): value is Container => typeof value === 'object' && value !== null

/**
 * Replaces, in place, every value the steps reach with `replace(old, where)`, `where` being the concrete keys and
 * indexes that led to it. Missing keys are left alone.
 */
export function replaceAtPath(
  value: unknown,
  steps: readonly PathStep[],
  replace: (old: unknown, where: readonly (string | number)[]) => unknown,
  where: readonly (string | number)[] = [],
): void {
  if (!isContainer(value) || steps.length === 0) return
  const [step, ...rest] = steps
  const keys: (string | number)[] = step === ANY ? (Array.isArray(value) ? value.map((_, index) => index) : Object.keys(value)) : [step as string | number]
  for (const key of keys) {
    const record = value as Record<string | number, unknown>
    if (!Object.hasOwn(record, key)) continue
    if (rest.length === 0) record[key] = replace(record[key], [...where, key])
    else replaceAtPath(record[key], rest, replace, [...where, key])
  }
}
