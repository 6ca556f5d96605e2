import { CassetteError } from '../errors.js'
import type { Mode } from '../mode.js'
import { PLACEHOLDER_API_KEY } from '../safety/placeholder-key.js'
import { currentSession } from '../session/current.js'
import { runningAttempts } from '../session/running-attempts.js'
import { CONTROL_PREFIX } from './control.js'
import { startCassetteServer, type ServeSummary } from './server.js'
import type { Upstreams } from './upstreams.js'

export type { ServeSummary } from './server.js'
export type { Upstreams } from './upstreams.js'

export interface ServeCassettesOptions {
  /** Where calls go live, for every API (e.g. a local server); see `upstreams` for one per API. */
  upstream?: string
  /** One upstream per API; each wins over `upstream`. Defaults: the providers' own APIs. */
  upstreams?: Omit<Upstreams, 'all'>
  /** Default: a free port. */
  port?: number
  /**
   * The mode of cassettes the server opens itself (a control call, a header). Calls made for the running test
   * follow that test's mode, as its in-process calls do.
   */
  mode?: Mode
  /** The cassette dir, relative to the working directory, for cassettes the server opens itself. */
  dir?: string
  /** Print nothing when closing (by default the summary line of the server's own cassettes, if it opened any). */
  quiet?: boolean
}

export interface CassettesServer {
  /** `http://127.0.0.1:PORT`: the base URL of the Anthropic SDK; OpenAI's is `${baseURL}/v1`. */
  baseURL: string
  /**
   * The environment for an app started from the test: `OPENAI_BASE_URL`, `ANTHROPIC_BASE_URL` and
   * `GOOGLE_GEMINI_BASE_URL` pointing here, and the placeholder key as `OPENAI_API_KEY` and `ANTHROPIC_API_KEY`:
   * the real keys stay in this process, and the server adds them to the calls it sends live.
   */
  env: Record<string, string>
  /**
   * Inside a test: a base URL that serves that test's cassette whatever else runs at once (for `test.concurrent`).
   * Append `/v1` for OpenAI.
   */
  testBaseURL(): string
  /** Stops the server once the requests in flight are done, and writes the cassettes it opened itself. */
  close(): Promise<ServeSummary>
}

/**
 * Starts `llm-cassettes serve` inside the test process, for one test file: the calls an app (started from the test,
 * in another process) makes through it go into the running test's own cassette, named and moded exactly like the
 * test's in-process calls, by the runner integration (`cassettes()` for Vitest, `llm-cassettes/jest`,
 * `llm-cassettes/node-test`). Close it when the file is done (`afterAll(() => server.close())`).
 */
export async function serveCassettes(options: ServeCassettesOptions = {}): Promise<CassettesServer> {
  const upstreams: Upstreams = { ...options.upstreams, ...(options.upstream === undefined ? {} : { all: options.upstream }) }
  const server = await startCassetteServer({
    upstreams,
    runnerTests: true,
    ...(options.port === undefined ? {} : { port: options.port }),
    ...(options.mode === undefined ? {} : { mode: options.mode }),
    ...(options.dir === undefined ? {} : { dir: options.dir }),
  })
  const baseURL = server.url
  return {
    baseURL,
    env: {
      OPENAI_BASE_URL: `${baseURL}/v1`,
      ANTHROPIC_BASE_URL: baseURL,
      GOOGLE_GEMINI_BASE_URL: baseURL,
      OPENAI_API_KEY: PLACEHOLDER_API_KEY,
      ANTHROPIC_API_KEY: PLACEHOLDER_API_KEY,
    },
    testBaseURL() {
      const session = currentSession()
      const attempt = session && runningAttempts().find((running) => running.session === session)
      if (!attempt) {
        throw new CassetteError(
          'testBaseURL() was called outside a running test: call it inside the test, with the runner integration set up (`cassettes()` in vitest.config.ts, llm-cassettes/jest, llm-cassettes/node-test).',
          { code: 'ERR_CASSETTE_NO_TEST' },
        )
      }
      return `${baseURL}${CONTROL_PREFIX}/c/${attempt.id}`
    },
    async close() {
      const summary = await server.close()
      if (!options.quiet && (summary.totals.replayed + summary.totals.recorded + summary.totals.missing > 0 || summary.errors.length > 0)) {
        process.stderr.write(`llm-cassettes serve: ${summary.line}\n`)
      }
      return summary
    },
  }
}
