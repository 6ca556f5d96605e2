import type { IncomingMessage, ServerResponse } from 'node:http'
import { CassetteError } from '../errors.js'
import { parseJsonOrThrow } from '../util/parse-json.js'
import { runningAttempt } from '../session/running-attempts.js'
import type { SessionSummary } from '../session/session-summary.js'
import { choiceFromJson, choicePath } from './cassette-choice.js'
import type { CassetteChooser } from './choose-cassette.js'
import { readBody } from './incoming.js'
import type { OpenCassette, OpenCassettes } from './open-cassettes.js'
import { sendJson } from './send-response.js'

/** serve's own paths; no provider's API starts with it. */
export const CONTROL_PREFIX = '/__llm-cassettes'
/** `/__llm-cassettes/c/<id>/v1/chat/completions`: a request for the cassette (or running test) with that id. */
export const CASSETTE_PATH = /^\/__llm-cassettes\/c\/([A-Za-z0-9]+)(\/.*)?$/

export interface ControlContext {
  root: string
  origin: string
  chooser: CassetteChooser
  cassettes: OpenCassettes
  log: (text: string) => void
}

class ControlError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code: string,
  ) {
    super(message)
  }
}

async function jsonBody(req: IncomingMessage, required: boolean): Promise<unknown> {
  const text = (await readBody(req)).toString('utf8')
  if (text.trim() === '') {
    if (required)
      throw new ControlError(400, 'the request needs a JSON body naming the cassette, e.g. {"test": "test/app.test.ts > checkout > pays"}', 'ERR_CASSETTE_NAME')
    return undefined
  }
  return parseJsonOrThrow(text, (problem) => new ControlError(400, `the request body is ${problem}`, 'ERR_CASSETTE_NAME'))
}

function summaryJson(open: OpenCassette, summary: SessionSummary): Record<string, unknown> {
  const { mode, replayed, recorded, missed, saved } = summary
  return { id: open.id, cassette: open.displayPath, test: open.label, mode: mode ?? null, replayed, recorded, missed, saved }
}

function openCassette(choice: unknown, context: ControlContext): Record<string, unknown> {
  const chosen = context.chooser.forChoice(choiceFromJson(choice, context.root, 'the body of POST /__llm-cassettes/cassette'), true)
  const baseURL = `${context.origin}${CONTROL_PREFIX}/c/${chosen.id}`
  if (!chosen.open) return { id: chosen.id, test: chosen.session.options.test, runnerTest: true, baseURL }
  const { id, displayPath, label, session } = chosen.open
  return { id, cassette: displayPath, test: label, mode: session.mode, baseURL }
}

/** The open cassette a DELETE names: by id, by the same JSON as POST, or the one opened by POST. */
function cassetteToEnd(id: string | undefined, choice: unknown, context: ControlContext): OpenCassette {
  if (id !== undefined) {
    const open = context.cassettes.byId(id)
    if (open) return open
    if (runningAttempt(id))
      throw new ControlError(409, `${id} is a test the runner is running: its cassette is written when the test ends.`, 'ERR_CASSETTE_NAME')
    const ended = context.cassettes.endedLabel(id)
    throw new ControlError(404, ended ? `the cassette ${ended} (id ${id}) was already ended` : `no open cassette has the id ${id}`, 'ERR_CASSETTE_NAME')
  }
  if (choice !== undefined) {
    const path = choicePath(choiceFromJson(choice, context.root, 'the body of DELETE /__llm-cassettes/cassette'), context.cassettes.dir)
    const open = context.cassettes.all().find((cassette) => cassette.path === path)
    if (!open) throw new ControlError(404, `the cassette ${JSON.stringify(choice)} names is not open`, 'ERR_CASSETTE_NAME')
    return open
  }
  const explicit = context.cassettes.explicit()
  if (explicit.length === 1) return explicit[0]!
  const which = explicit.length === 0 ? 'none is open' : `${explicit.length} are open (${explicit.map((open) => open.id).join(', ')})`
  throw new ControlError(400, `DELETE /__llm-cassettes/cassette without an id or body ends the one cassette opened by POST, but ${which}`, 'ERR_CASSETTE_NAME')
}

/**
 * `GET /__llm-cassettes/health`; `POST /__llm-cassettes/cassette` opens a cassette (requests that name none use it);
 * `DELETE /__llm-cassettes/cassette[/<id>]` ends one, writing what it recorded.
 */
export async function handleControl(req: IncomingMessage, res: ServerResponse, path: string, context: ControlContext): Promise<void> {
  const method = (req.method ?? 'GET').toUpperCase()
  try {
    if (path === `${CONTROL_PREFIX}/health`) {
      await readBody(req)
      if (method !== 'GET') throw new ControlError(405, `${method} ${path}: use GET`, 'ERR_CASSETTE_CONTROL')
      return sendJson(res, 200, { ok: true, open: context.cassettes.all().map((open) => ({ id: open.id, cassette: open.displayPath })) })
    }
    const cassette = /^\/__llm-cassettes\/cassette(?:\/([A-Za-z0-9]+))?$/.exec(path)
    if (!cassette)
      throw new ControlError(
        404,
        `${method} ${path} is not one of serve's paths (POST or DELETE ${CONTROL_PREFIX}/cassette, GET ${CONTROL_PREFIX}/health)`,
        'ERR_CASSETTE_CONTROL',
      )
    const id = cassette[1]
    if (method === 'POST' && id === undefined) return sendJson(res, 200, openCassette(await jsonBody(req, true), context))
    if (method === 'DELETE') {
      const open = cassetteToEnd(id, await jsonBody(req, false), context)
      return sendJson(res, 200, summaryJson(open, await context.cassettes.end(open)))
    }
    await readBody(req)
    throw new ControlError(405, `${method} ${path}: use ${id === undefined ? 'POST or DELETE' : 'DELETE'}`, 'ERR_CASSETTE_CONTROL')
  } catch (error) {
    if (error instanceof ControlError) return sendJson(res, error.status, { error: { message: error.message, code: error.code } })
    if (!(error instanceof CassetteError)) throw error
    context.log(error.message)
    // A bad name is the caller's; a cassette that could not be written (a secret in it, a lock lost) is serve's.
    const status = error.code === 'ERR_CASSETTE_NAME' ? 400 : 500
    return sendJson(res, status, { error: { message: error.message, code: error.code } })
  }
}
