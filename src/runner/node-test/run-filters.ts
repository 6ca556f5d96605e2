/** The `node --test` flags that leave some of a file's tests unrun (Node 22+ does not even report them). */
const TEST_FILTERS = ['--test-name-pattern', '--test-skip-pattern', '--test-only', '--test-rerun-failures', '--experimental-test-tag-filter']
/** The flags that run only some of the test files. */
const FILE_FILTERS = ['--test-shard']

const uses = (execArgv: readonly string[], flags: readonly string[]) => execArgv.some((arg) => flags.some((flag) => arg === flag || arg.startsWith(`${flag}=`)))

/** A file's cassettes cannot be judged: some of its tests may not have run. */
export const filtersTests = (execArgv: readonly string[]) => uses(execArgv, TEST_FILTERS)

/** The files that ran ran in full, but not every test file ran. */
export const filtersFiles = (execArgv: readonly string[]) => uses(execArgv, FILE_FILTERS)
