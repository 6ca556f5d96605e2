import { createRequire } from 'node:module'

/**
 * `require` relative to this package, for what only some tests need (writing, a miss, a live stream): loaded on
 * first use, so a worker that only replays never pays for it. `require`, not `import()`: Jest's CommonJS runtime
 * refuses dynamic imports without --experimental-vm-modules, and Node 20 scans a CommonJS package's source for
 * named exports when an ES module imports it.
 */
export const loadOnUse = createRequire(import.meta.url)
