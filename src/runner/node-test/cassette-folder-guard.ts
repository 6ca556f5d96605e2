import { statSync } from 'node:fs'
import { relative, resolve, sep } from 'node:path'

/**
 * Node 22+ `node --test` with no pattern (or a pattern such as `**\/*.test.js`) also matches folders, and the
 * cassette folders are named after the test files (`cassettes/test/chat.test.js/`): it then runs such a folder
 * as a test file, which fails with a bare ERR_UNSUPPORTED_DIR_IMPORT. Says what happened instead.
 */
export function cassetteFolderRunAsTest(mainFile: string | undefined, root: string, dir: string): string | undefined {
  if (!mainFile) return undefined
  const path = resolve(mainFile)
  if (!path.startsWith(`${dir}${sep}`) || !statSync(path, { throwIfNoEntry: false })?.isDirectory()) return undefined
  const shown = relative(root, path)
  return (
    `llm-cassettes: node --test is running the cassette folder ${shown} as a test file: its name matches node's test ` +
    "file patterns. Give node --test the pattern of your test files (e.g. node --test 'test/**/*.test.js'), or " +
    'keep cassettes in a folder whose name starts with a dot, which those patterns skip ("dir": ".cassettes" in llm-cassettes.config.json).\n'
  )
}
