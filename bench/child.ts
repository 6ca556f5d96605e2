import { floorTimings } from './measures/replay-vs-floor.js'
import { mswTimings } from './measures/replay-vs-msw.js'
import { recordTimings } from './measures/record-overhead.js'
import { cassetteIoTimings } from './measures/cassette-io.js'
import { contenderTimings } from './measures/replay-vs-contenders.js'
import { ADAPTERS } from './support/adapters.js'
import { SETUP_FAILED_EXIT, type Timings } from './support/processes.js'
import { BenchSetupError } from './support/setup-error.js'

// One fresh process timing one measure: `node --expose-gc --import tsx bench/child.ts <id>` prints its
// timings as JSON on stdout. bench/run.ts starts several and combines them.

const TIMINGS: Record<string, () => Promise<Timings>> = {
  '2': mswTimings,
  '5': cassetteIoTimings,
  '9': contenderTimings,
  // #1 and #3 for every adapter: `1`, `1-anthropic`, `1-fetch`, likewise `3…`.
  ...Object.fromEntries(
    ADAPTERS.flatMap(({ suffix }) => [
      [`1${suffix}`, () => floorTimings(suffix)],
      [`3${suffix}`, () => recordTimings(suffix)],
    ]),
  ),
}

const id = process.argv[2] ?? ''
const timings = TIMINGS[id]
if (!timings) {
  console.error(`bench/child.ts: no in-process measure ${JSON.stringify(id)}; there are ${Object.keys(TIMINGS).join(', ')}`)
  process.exitCode = 2
} else {
  try {
    process.stdout.write(JSON.stringify(await timings()))
  } catch (error) {
    console.error((error as Error).message)
    process.exitCode = error instanceof BenchSetupError ? SETUP_FAILED_EXIT : 1
  }
}
