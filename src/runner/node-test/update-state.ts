import type { SnapshotUpdateState } from '../../mode.js'

/** `--test-update-snapshots` (Node 22.3+), which node:test hands every test process; the last of it and its `--no-` form wins. */
export function updatesSnapshots(execArgv: readonly string[]): boolean {
  let update = false
  for (const arg of execArgv) {
    if (arg === '--test-update-snapshots') update = true
    else if (arg === '--no-test-update-snapshots') update = false
  }
  return update
}

/**
 * node:test has no CI detection of its own (its snapshots fail when missing, everywhere). This follows ci-info,
 * which Jest uses: `CI` set to anything but `false`.
 */
export function isCI(env: NodeJS.ProcessEnv): boolean {
  return env.CI !== undefined && env.CI !== '' && env.CI !== 'false'
}

/** node:test's state as the snapshot update state the other runners give: `-u` updates what no longer matches, CI replays. */
export function updateStateOf(execArgv: readonly string[], env: NodeJS.ProcessEnv): SnapshotUpdateState {
  if (updatesSnapshots(execArgv)) return 'all'
  return isCI(env) ? 'none' : 'new'
}
