import { CassetteError } from '../errors.js'
import type { CassetteSession } from '../session/cassette-session.js'
import { runningAttempt, runningAttempts, type RunningAttempt } from '../session/running-attempts.js'
import { CASSETTE_HEADER, choiceFromHeader, choiceLabel, choicePath, type CassetteChoice } from './cassette-choice.js'
import type { OpenCassette, OpenCassettes } from './open-cassettes.js'

/** The session a request is served from; `open` when it is one of serve's own cassettes. */
export interface Chosen {
  session: CassetteSession
  /** What `/__llm-cassettes/c/<id>/…` names it by. */
  id: string
  open?: OpenCassette
}

export interface ChooserOptions {
  root: string
  /** The cassette dir of serve's own cassettes. */
  dir: string
  cassettes: OpenCassettes
  /** In a test process (the helper): the tests the runner integration is running serve requests that name none. */
  runnerTests: boolean
  /** `--cassette`: for requests that name none, when nothing else is open. */
  fallback?: CassetteChoice
}

const nameError = (message: string) => new CassetteError(message, { code: 'ERR_CASSETTE_NAME' })

const HOW_TO_NAME =
  `Name it per request (the ${CASSETTE_HEADER} header, or the baseURL that POST /__llm-cassettes/cassette returns), ` +
  'or end the others (DELETE /__llm-cassettes/cassette/<id>).'

/**
 * Which cassette serves a request, first that applies: the id in its path (`/__llm-cassettes/c/<id>/…`), its
 * `x-llm-cassette` header, the one cassette opened by `POST /__llm-cassettes/cassette`, the one test the runner is
 * running (helper), `--cassette`. Where several could apply, the request is refused rather than guessed: two
 * tests' calls never mix.
 */
export class CassetteChooser {
  constructor(private readonly options: ChooserOptions) {}

  choose(pathId: string | undefined, header: string | undefined): Chosen {
    const { cassettes, runnerTests, fallback } = this.options
    if (pathId !== undefined) return this.byId(pathId)
    if (header !== undefined) return this.forChoice(choiceFromHeader(header, this.options.root), false)
    const explicit = cassettes.explicit()
    if (explicit.length === 1) return { session: explicit[0]!.session, id: explicit[0]!.id, open: explicit[0]! }
    if (explicit.length > 1) {
      throw nameError(`the request names no cassette, and ${explicit.length} are open: ${explicit.map((open) => open.displayPath).join(', ')}. ${HOW_TO_NAME}`)
    }
    if (runnerTests) {
      // The running test; between tests (the app starting in a beforeAll), the suite hooks' cassette.
      const all = runningAttempts()
      const tests = all.filter((attempt) => attempt.kind === 'test')
      const running = tests.length > 0 ? tests : all
      if (running.length === 1) return { session: running[0]!.session, id: running[0]!.id }
      if (running.length > 1) {
        throw nameError(
          `the request names no cassette, and ${running.length} ${tests.length > 0 ? 'tests' : 'suites’ beforeAll/afterAll hooks'} are running at once (${running.map((attempt) => attempt.session.options.test).join('; ')}). ` +
            'Give each test its own base URL: `server.testBaseURL()` inside the test.',
        )
      }
    }
    if (fallback) return this.forChoice(fallback, false)
    throw nameError(
      `the request names no cassette. Send the ${CASSETTE_HEADER} header ("<test file> > <describe> > <test>", or a cassette name), ` +
        `or open one first: POST /__llm-cassettes/cassette {"test": "<test file> > <describe> > <test>"}${runnerTests ? ', or make the call while a test is running' : ''}.`,
    )
  }

  /** A running test's own session when it is that test's cassette, else serve's own. */
  forChoice(choice: CassetteChoice, explicit: boolean): Chosen {
    const running = this.options.runnerTests ? this.runningTestFor(choice) : undefined
    if (running) return { session: running.session, id: running.id }
    const open = this.options.cassettes.open(choice, explicit)
    return { session: open.session, id: open.id, open }
  }

  /**
   * The running test a choice names: by its label for a test's own cassette (the runner's root may not be serve's),
   * by file for a named one.
   */
  private runningTestFor(choice: CassetteChoice): RunningAttempt | undefined {
    const path = choice.kind === 'named' ? choicePath(choice, this.options.dir) : undefined
    const label = choice.kind === 'test' ? choiceLabel(choice) : undefined
    return runningAttempts().find(({ session }) => {
      const summary = session.summary()
      return path !== undefined ? summary.shared && summary.cassettePath === path : !summary.shared && session.options.test === label
    })
  }

  private byId(id: string): Chosen {
    const running = this.options.runnerTests ? runningAttempt(id) : undefined
    if (running) return { session: running.session, id }
    const open = this.options.cassettes.byId(id)
    if (open) return { session: open.session, id, open }
    const ended = this.options.cassettes.endedLabel(id)
    if (ended !== undefined) throw nameError(`the cassette ${ended} (id ${id}) was ended: open it again for more calls.`)
    throw nameError(`no open cassette or running test has the id ${id}.`)
  }
}
