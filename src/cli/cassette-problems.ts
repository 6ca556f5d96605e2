import type { Cassette } from '../cassette/types.js'
import { CassetteError } from '../errors.js'
import { replayProblem } from '../exchange/replay-check.js'
import type { SecretHit } from '../safety/secret-guard.js'
import { parseCassetteOnce } from './load-cassette.js'

/** parseCassette's message without the library prefix, the file name and the "fix or delete" advice. */
function bareProblem(error: CassetteError, file: string): string {
  let message = error.message.replace(/^\[llm-cassettes\] /, '').replace(/\. Fix or delete the file; it was not changed\.$/, '')
  if (message.startsWith(`${file}: `)) message = message.slice(file.length + 2)
  else if (message.startsWith(`${file} `)) message = message.slice(file.length + 1)
  return message
}

function headerProblems(cassette: Cassette): string[] {
  return cassette.interactions.flatMap((interaction, index) => {
    const names = Object.keys(interaction.request.headers ?? {})
    if (names.length === 0) return []
    return [`$.interactions[${index}].request.headers is not empty (${names.join(', ')}): request headers must never be recorded`]
  })
}

/** Values no HTTP response can have (a status, a header, a binary body), which replay would refuse. */
function replayProblems(cassette: Cassette): string[] {
  return cassette.interactions.flatMap((interaction, index) => {
    // Without knowing the provider, the chunks of a stream are not checked against its format.
    const problem = replayProblem(undefined, interaction)
    return problem ? [`$.interactions[${index}]${problem.path} ${problem.problem}`] : []
  })
}

/**
 * What is wrong with one cassette file, each problem one line without the file name: it does not parse or has
 * the wrong format, holds a value no HTTP response can have, holds a credential-shaped string `findSecret` finds
 * (keyShapedSecretFinder: in any string, or in a text a stream sent in pieces), or recorded request headers.
 * `parsed` is the bytes' JSON when the caller parsed them already (undefined when they are not JSON): valid UTF-8
 * is not parsed twice.
 */
export function cassetteProblems(bytes: Buffer, file: string, findSecret: (cassette: Cassette) => SecretHit | undefined, parsed?: unknown): string[] {
  let cassette: Cassette
  try {
    cassette = parseCassetteOnce(bytes, file, parsed)
  } catch (error) {
    if (error instanceof CassetteError) return [bareProblem(error, file)]
    throw error
  }
  const secret = findSecret(cassette)
  return [
    ...replayProblems(cassette),
    ...(secret ? [`${secret.description} at ${secret.jsonPath} (if it is not a secret, pass --allow <string>)`] : []),
    ...headerProblems(cassette),
  ]
}
