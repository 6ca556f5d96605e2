import { isAbsolute, relative } from 'node:path'
import { cassettePathFor, namedCassettePath, testLabel, type TestIdentity } from '../cassette/paths.js'
import { CassetteError } from '../errors.js'
import { isObject } from '../util/is-object.js'

/** Which cassette a request or a control call names: a test's own (named as in-process), or a named one. */
export type CassetteChoice = { kind: 'test'; identity: TestIdentity } | { kind: 'named'; name: string }

/** The header a request names its cassette in. */
export const CASSETTE_HEADER = 'x-llm-cassette'

const LABEL_SEPARATOR = ' > '

const choiceError = (message: string) => new CassetteError(message, { code: 'ERR_CASSETTE_NAME' })

/** A test file as the cassette path uses it: relative to the project root, `/`-separated. */
function testFile(file: string, root: string): string {
  return (isAbsolute(file) ? relative(root, file) : file).replace(/\\/g, '/').replace(/^\.\//, '')
}

/**
 * `{ test: 'test/app.test.ts > checkout > pays' }`, `{ file, names, occurrence? }` or `{ name: 'shared/checkout' }`:
 * the body of `POST /__llm-cassettes/cassette`, and the JSON form of the header.
 */
export function choiceFromJson(value: unknown, root: string, where: string): CassetteChoice {
  if (!isObject(value)) throw choiceError(`${where} must be a JSON object like {"test": "test/app.test.ts > checkout > pays"}`)
  const keys = Object.keys(value)
  if (typeof value['test'] === 'string' && keys.length === 1) return choiceFromLabel(value['test'], root, `${where}'s "test"`)
  if (typeof value['name'] === 'string' && keys.length === 1) {
    if (value['name'].trim() === '') throw choiceError(`${where}'s "name" is empty`)
    return { kind: 'named', name: value['name'] }
  }
  const { file, names, occurrence = 1 } = value
  const known = keys.every((key) => key === 'file' || key === 'names' || key === 'occurrence')
  const valid =
    known &&
    typeof file === 'string' &&
    file.trim() !== '' &&
    Array.isArray(names) &&
    names.length > 0 &&
    names.every((name) => typeof name === 'string') &&
    Number.isInteger(occurrence) &&
    (occurrence as number) >= 1
  if (!valid) {
    throw choiceError(
      `${where} must name one cassette: {"test": "<file> > <describe> > <test>"}, {"file": "<test file>", "names": [<describe>, …, <test>], "occurrence"?: <n ≥ 1>} or {"name": "<cassette name>"}; got ${JSON.stringify(value)}`,
    )
  }
  return { kind: 'test', identity: { file: testFile(file, root), names: names as string[], occurrence: occurrence as number } }
}

/**
 * `test/app.test.ts > checkout > pays` (a test's own cassette, the label the cassette's `test` field holds, ` (2)`
 * for the second test of that name), or a name without ` > ` (`shared/checkout`: a named cassette).
 */
export function choiceFromLabel(label: string, root: string, where: string): CassetteChoice {
  if (label.trim() === '') throw choiceError(`${where} is empty`)
  const parts = label.split(LABEL_SEPARATOR)
  if (parts.length === 1) return { kind: 'named', name: label }
  const [file, ...names] = parts
  let occurrence = 1
  const repeated = / \((\d+)\)$/.exec(names.at(-1)!)
  if (repeated && Number(repeated[1]) >= 2) {
    occurrence = Number(repeated[1])
    names[names.length - 1] = names.at(-1)!.slice(0, -repeated[0].length)
  }
  if (file!.trim() === '' || names.some((name) => name === '')) throw choiceError(`${where} ${JSON.stringify(label)} has an empty name`)
  return { kind: 'test', identity: { file: testFile(file!, root), names, occurrence } }
}

/**
 * The `x-llm-cassette` header: a label as above, or the JSON form. Header values are bytes, so the value is
 * percent-decoded (`encodeURIComponent` any name with `%` or non-ASCII characters).
 */
export function choiceFromHeader(value: string, root: string): CassetteChoice {
  let decoded: string
  try {
    decoded = decodeURIComponent(value)
  } catch {
    throw choiceError(`the ${CASSETTE_HEADER} header ${JSON.stringify(value)} is not percent-encoded correctly (encode it with encodeURIComponent)`)
  }
  const where = `the ${CASSETTE_HEADER} header`
  if (decoded.trimStart().startsWith('{')) {
    let json: unknown
    try {
      json = JSON.parse(decoded)
    } catch (error) {
      throw choiceError(`${where} starts with "{" but is not JSON (${(error as Error).message})`)
    }
    return choiceFromJson(json, root, where)
  }
  return choiceFromLabel(decoded, root, where)
}

/** The file a choice names, as in-process use names it. */
export function choicePath(choice: CassetteChoice, dir: string): string {
  return choice.kind === 'test' ? cassettePathFor(dir, choice.identity) : namedCassettePath(dir, choice.name)
}

export function choiceLabel(choice: CassetteChoice): string {
  return choice.kind === 'test' ? testLabel(choice.identity) : choice.name
}
