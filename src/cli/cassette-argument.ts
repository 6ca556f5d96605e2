import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { CassetteError } from '../errors.js'
import { cassetteDir, looksLikeCassette, forEachJsonFile, relativePath, parseJsonFile } from './cassette-dir.js'

/** How a command taking one cassette describes its argument in its help. */
export const CASSETTE_ARGUMENT_HELP = `<cassette> is a cassette file, a path as \`llm-cassettes ls\` prints it (relative to the cassette
directory: --dir, else $LLM_CASSETTES_DIR, else ./cassettes), or a test name as \`ls\` prints it
("chat.test.ts > chat > answers"), or its end ("chat > answers", "answers").`

/** `test` names the cassette's test: all of it, or its last names after a ` > `. */
function namesTest(recorded: string, test: string): boolean {
  return recorded === test || recorded.endsWith(` > ${test}`)
}

/** The cassettes under `dir` whose test `test` names, as paths from the cwd. */
async function cassettesOfTest(dir: string, test: string): Promise<string[]> {
  if (!existsSync(dir)) return []
  const found: string[] = []
  await forEachJsonFile(dir, (file) => {
    const value = parseJsonFile(file.bytes)
    if (!looksLikeCassette(value, false)) return
    const recorded = (value as { test?: unknown }).test
    if (typeof recorded === 'string' && namesTest(recorded, test)) found.push(relativePath(process.cwd(), file.path))
  })
  return found
}

/**
 * The file a command's `<cassette>` argument means: a path from the cwd, else a path relative to the cassette
 * directory (what `ls` prints), else the cassette of the test it names. Ambiguous or unknown is a CassetteError.
 */
export async function cassetteArgument(argument: string, dirOption: string | undefined): Promise<string> {
  if (existsSync(resolve(argument))) return argument
  const dir = cassetteDir(dirOption)
  const inDir = join(dir, argument)
  if (existsSync(inDir)) return relativePath(process.cwd(), inDir)
  const named = await cassettesOfTest(dir, argument)
  if (named.length === 1) return named[0]!
  const shownDir = relativePath(process.cwd(), dir)
  if (named.length > 1) {
    throw new CassetteError(
      `${JSON.stringify(argument)} names the tests of ${named.length} cassettes; pass one of them:\n${named.map((path) => `  ${path}`).join('\n')}`,
      {
        code: 'ERR_NOT_A_CASSETTE',
      },
    )
  }
  throw new CassetteError(
    `no cassette ${JSON.stringify(argument)}: no such file, no such path in ${shownDir}/, and no cassette there records a test of that name ` +
      '(`llm-cassettes ls` lists them; --dir names another cassette directory)',
    { code: 'ERR_NOT_A_CASSETTE' },
  )
}
