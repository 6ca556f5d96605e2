import { CassetteError } from '../errors.js'
import { MODE_ENV_VAR } from '../mode.js'
import { integrationInUse } from './current.js'

/** How each runner's integration is set up. */
const SETUP: Record<string, string> = {
  Vitest: "add `plugins: [cassettes()]` (from 'llm-cassettes/vitest') to vitest.config.ts",
  Jest: "add `setupFilesAfterEnv: ['llm-cassettes/jest']` to the Jest config",
  'node:test': 'run `node --test --import llm-cassettes/node-test`',
}

/** The test runner this process runs under, from the variables each sets in its workers. */
function runnerOfProcess(): string | undefined {
  if (process.env.VITEST) return 'Vitest'
  if (process.env.JEST_WORKER_ID) return 'Jest'
  if (process.env.NODE_TEST_CONTEXT) return 'node:test'
  return undefined
}

const escapes = (wrapFunction: string) =>
  `To let calls outside tests go live, set ${MODE_ENV_VAR}=live; to serve them from llama-stack recordings, ` +
  `pass \`{ llamaStackRecordings: dir, mode: 'replay' }\` to ${wrapFunction}.`

/**
 * A wrapped client called with no test session: inside a test whose runner integration is not set up (say so,
 * and how to set it up), or truly outside a test (at module level, in a script).
 */
export function outsideTestError(what: string, wrapFunction: string): CassetteError {
  const runner = runnerOfProcess()
  const integration = integrationInUse()
  let message: string
  if (runner && !integration) {
    message =
      `${what} in a ${runner} run, but llm-cassettes' ${runner} integration is not set up, so the test has no cassette. ` +
      `To set it up, ${SETUP[runner]}. ${escapes(wrapFunction)}`
  } else {
    message =
      `${what} outside a test (at module level, or from a hook that runs outside every test), so there is no cassette to use. ` +
      `Make the call inside a test${
        integration
          ? ''
          : `, with the runner integration set up (${Object.entries(SETUP)
              .map(([name, how]) => `${name}: ${how}`)
              .join('; ')})`
      }. ${escapes(wrapFunction)}`
  }
  return new CassetteError(message, { code: 'ERR_CASSETTE_NO_TEST' })
}
