import type { NodeTestContext } from './context-scope.js'

/** How node:test joins names in `fullName`. */
const SEPARATOR = ' > '

/**
 * The suite chain and name of each test, as the Vitest and Jest integrations name theirs. node:test gives a
 * context its own `name` and a `fullName` joined with ` > `, which is ambiguous when a name holds ` > `; so each
 * suite and test seen is remembered by its `fullName`, and a test's parent is looked up rather than split.
 * (Only a parent never seen — none, in practice — is split.)
 */
export class TestNames {
  private readonly known = new Map<string, { names: readonly string[]; isTest: boolean }>()

  /** Remembers a suite (from its `describe` function) or a test (from `beforeEach`); returns its name chain. */
  remember(context: NodeTestContext, isTest: boolean): readonly string[] {
    const { name, fullName } = context
    let names: readonly string[]
    if (fullName === name) names = [name]
    else if (fullName.endsWith(`${SEPARATOR}${name}`)) names = [...this.parentNames(fullName.slice(0, -(SEPARATOR.length + name.length))), name]
    else names = fullName.split(SEPARATOR)
    this.known.set(fullName, { names, isTest })
    return names
  }

  /** How many of the leading names belong to suites (the rest are a test and its `t.test` parents). */
  suiteDepth(names: readonly string[]): number {
    let depth = 0
    while (depth < names.length - 1 && this.known.get(names.slice(0, depth + 1).join(SEPARATOR))?.isTest === false) depth += 1
    return depth
  }

  private parentNames(fullName: string): readonly string[] {
    return this.known.get(fullName)?.names ?? fullName.split(SEPARATOR)
  }
}
