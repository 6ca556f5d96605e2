import { isAbsolute, relative, resolve } from 'node:path'
import type { TestIdentity } from '../../cassette/paths.js'
import { CassetteError } from '../../errors.js'
import type { NodeTestContext } from './context-scope.js'
import type { TestNames } from './test-names.js'

export interface NamedTest {
  identity: TestIdentity
  /** Absolute path of the test file, as node:test's reporter events give it. */
  testPath: string
  /** How many leading names are suites (for the record command). */
  suiteDepth: number
}

/**
 * Each test's identity: its file relative to the project root, its name chain, and its occurrence among the
 * tests of the file with the same chain. node:test starts a file's tests (and runs `beforeEach`) in the order
 * they are declared, concurrent ones included, so counting as they start numbers them as Vitest does.
 */
export class TestIdentities {
  private readonly occurrences = new Map<string, number>()

  constructor(
    private readonly root: string,
    private readonly names: TestNames,
    /** The file the process runs when node:test is too old to name it (`t.filePath` is Node 22.6+). */
    private readonly mainFile: string | undefined,
  ) {}

  identityOf(context: NodeTestContext): NamedTest {
    const file = context.filePath ?? this.mainFile
    if (!file) {
      throw new CassetteError(
        `llm-cassettes/node-test could not tell which file the test ${JSON.stringify(context.fullName)} is in: run test files with \`node --test\`.`,
        {
          code: 'ERR_CASSETTE_SETUP',
        },
      )
    }
    const testPath = isAbsolute(file) ? file : resolve(file)
    const names = this.names.remember(context, true)
    const relativeFile = relative(this.root, testPath).replace(/\\/g, '/')
    const key = JSON.stringify([relativeFile, names])
    const occurrence = (this.occurrences.get(key) ?? 0) + 1
    this.occurrences.set(key, occurrence)
    return { identity: { file: relativeFile, names, occurrence }, testPath, suiteDepth: this.names.suiteDepth(names) }
  }
}
