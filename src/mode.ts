import { CassetteError } from './errors.js'

/**
 * How calls are served. The runner's snapshot update state picks the default, as it does for snapshots:
 *
 * | mode     | a recorded call           | an unrecorded call                        | runner state      |
 * | -------- | ------------------------- | ----------------------------------------- | ----------------- |
 * | `auto`   | replayed                  | sent live, recorded (appended)            | default, local    |
 * | `replay` | replayed                  | fails with CassetteMissError              | CI                |
 * | `update` | replayed, its bytes kept  | sent live, recorded; the cassette is then | `-u` / `--update` |
 * |          |                           | exactly the calls the test made           |                   |
 * | `record` | sent live, re-recorded    | sent live, recorded                       | opt-in only       |
 * | `live`   | sent live, not written    | sent live, not written                    | opt-in only       |
 *
 * Like a snapshot update, `update` touches only what no longer matches: unchanged tests cost nothing.
 */
export type Mode = 'auto' | 'replay' | 'update' | 'record' | 'live'

export const MODES: readonly Mode[] = ['auto', 'replay', 'update', 'record', 'live']

/** Vitest's and Jest's snapshot update state: `'all'` with `-u`, `'none'` in CI, `'new'` otherwise. */
export type SnapshotUpdateState = 'all' | 'new' | 'none'

export const MODE_ENV_VAR = 'LLM_CASSETTES_MODE'

export function parseMode(value: string, source: string): Mode {
  if ((MODES as readonly string[]).includes(value)) return value as Mode
  throw new CassetteError(`${source} is ${JSON.stringify(value)}, which is not a mode. Valid modes: ${MODES.join(', ')}.`, { code: 'ERR_CASSETTE_MODE' })
}

export interface ResolvedMode {
  mode: Mode
  /** Why this mode, for error messages: e.g. `CI detected`, `LLM_CASSETTES_MODE=record`, `snapshot update (-u)`. */
  reason: string
}

/** Resolution order: explicit option, then LLM_CASSETTES_MODE, then the runner's snapshot state. */
export function resolveMode(input: { option?: Mode | undefined; env?: string | undefined; updateState?: SnapshotUpdateState | undefined }): ResolvedMode {
  if (input.option !== undefined) {
    return { mode: parseMode(input.option, 'The `mode` option'), reason: 'the `mode` option' }
  }
  if (input.env !== undefined && input.env !== '') {
    return { mode: parseMode(input.env, MODE_ENV_VAR), reason: `${MODE_ENV_VAR}=${input.env}` }
  }
  switch (input.updateState) {
    case 'all':
      return { mode: 'update', reason: 'snapshot update (-u)' }
    case 'none':
      return { mode: 'replay', reason: 'CI detected' }
    default:
      return { mode: 'auto', reason: 'default' }
  }
}
