import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { isAbsolute, resolve } from 'node:path'
import { createFileStore } from '../cassette/store.js'
import { CassetteError } from '../errors.js'
import { MODE_ENV_VAR, resolveMode, type Mode, type ResolvedMode } from '../mode.js'
import type { RunSummary } from '../report/report-file.js'
import { summaryLine } from '../report/summary-line.js'
import { tally } from '../report/test-outcome.js'
import { isCI } from '../runner/node-test/update-state.js'
import type { RunnerInfo } from '../runner/test-attempt.js'
import { resolveSettings, type RunnerSettings } from '../settings/resolve.js'
import { choiceFromLabel } from './cassette-choice.js'
import { CassetteChooser } from './choose-cassette.js'
import { CASSETTE_PATH, CONTROL_PREFIX, handleControl, type ControlContext } from './control.js'
import { errorReply } from './error-response.js'
import { refusedCaller } from './loopback-guard.js'
import { OpenCassettes } from './open-cassettes.js'
import { serveProviderRequest, type ProxyContext } from './proxy.js'
import { sendReply } from './send-response.js'
import { upstreamProblem, type Upstreams } from './upstreams.js'

export interface ServeOptions {
  /** The project root: test files are relative to it, and its config file is read. Default: the working directory. */
  root?: string
  /** Default 127.0.0.1. */
  host?: string
  /** Default: a free port. */
  port?: number
  upstreams?: Upstreams
  /** Wins over the config file's `mode` and LLM_CASSETTES_MODE. */
  mode?: Mode
  /** The cassette dir (relative to the root); wins over LLM_CASSETTES_DIR and the config file. */
  dir?: string
  /** The cassette for requests that name none, when nothing else applies: a test label or a cassette name. */
  cassette?: string
  /** In a test process: the test the runner is running serves requests that name no cassette. */
  runnerTests?: boolean
  /** Misses and other refusals. Default: stderr. */
  log?: (text: string) => void
}

/** What serve did with its own cassettes, once stopped. */
export interface ServeSummary {
  /** `Cassettes  2 replayed · 1 recorded · 0 obsolete · 0 missing  (…)` */
  line: string
  totals: RunSummary
  /** Cassettes that could not be written (one message each). */
  errors: string[]
}

export interface CassetteServer {
  /** `http://127.0.0.1:PORT` */
  url: string
  port: number
  /** The mode serve's own cassettes use, and why. */
  mode: ResolvedMode
  settings: RunnerSettings
  /** Stops taking requests, lets those in flight finish, writes every cassette still open. */
  close(): Promise<ServeSummary>
  /** Cuts the requests in flight (what they recorded so far is still written by `close`). */
  abort(): void
}

/** Completes a miss's `To record it, run locally with an API key: …`. */
const RECORD_HINT = '`llm-cassettes serve --mode auto` (records what is missing; --mode record re-records the whole cassette)'

function checkUpstreams(upstreams: Upstreams): void {
  for (const [name, value] of Object.entries(upstreams)) {
    const problem = value === undefined ? undefined : upstreamProblem(value)
    if (problem) throw new CassetteError(`the ${name === 'all' ? '' : `${name} `}upstream: ${problem}`, { code: 'ERR_CASSETTE_OPTION' })
  }
}

function listen(server: ReturnType<typeof createServer>, host: string, port: number): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const failed = (error: NodeJS.ErrnoException) => {
      const reason = error.code === 'EADDRINUSE' ? 'the port is in use' : error.code === 'EACCES' ? 'permission denied' : error.message
      reject(new CassetteError(`serve cannot listen on ${host}:${port}: ${reason}`, { code: 'ERR_CASSETTE_LISTEN' }))
    }
    server.once('error', failed)
    server.listen(port, host, () => {
      server.off('error', failed)
      resolvePromise()
    })
  })
}

/**
 * `llm-cassettes serve`: an HTTP server that speaks the OpenAI, Anthropic and Gemini APIs (and passes any other path
 * to `--upstream`), serving each request from a cassette, or live from the upstream while recording it, with the
 * same sessions as in-process use.
 */
export async function startCassetteServer(options: ServeOptions = {}): Promise<CassetteServer> {
  const root = options.root ?? process.cwd()
  const settings = resolveSettings(root, options.mode === undefined ? {} : { mode: options.mode }, process.env, 'llm-cassettes serve')
  if (options.dir !== undefined) settings.dir = isAbsolute(options.dir) ? options.dir : resolve(root, options.dir)
  const upstreams = options.upstreams ?? {}
  checkUpstreams(upstreams)
  const runner: RunnerInfo = { recordCommand: () => RECORD_HINT, updateState: () => (isCI(process.env) ? 'none' : undefined), announce: false }
  // Checked now, so a bad LLM_CASSETTES_MODE stops serve before it listens.
  const mode = resolveMode({ option: settings.mode, env: process.env[MODE_ENV_VAR], updateState: runner.updateState() })
  const cassettes = new OpenCassettes(settings, createFileStore(), runner)
  const fallback = options.cassette === undefined ? undefined : choiceFromLabel(options.cassette, root, '--cassette')
  const chooser = new CassetteChooser({ root, dir: settings.dir, cassettes, runnerTests: options.runnerTests === true, ...(fallback ? { fallback } : {}) })
  const log = options.log ?? ((text: string) => void process.stderr.write(`${text}\n`))
  const host = options.host ?? '127.0.0.1'
  const inflight = new Set<Promise<void>>()
  const sockets = new Set<Socket>()
  let origin = ''
  let port = 0
  let closing: Promise<ServeSummary> | undefined

  const proxy: ProxyContext = { chooser, upstreams, log }
  const control = (): ControlContext => ({ root, origin, chooser, cassettes, log })

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://serve.invalid')
    if (closing) {
      // A keep-alive connection can still bring a request after close(): it gets a refusal, and the connection ends.
      req.resume()
      res.setHeader('connection', 'close')
      return sendReply(res, errorReply('plain', 503, 'upstream', '[llm-cassettes] serve is stopping: it takes no new requests.', 'ERR_CASSETTE_STOPPING'))
    }
    const refused = refusedCaller(req, host, port)
    if (refused) {
      req.resume()
      return sendReply(res, errorReply('plain', 403, 'permission', refused, 'ERR_CASSETTE_CALLER'))
    }
    const pathAndQuery = `${url.pathname}${url.search}`
    const prefixed = CASSETTE_PATH.exec(url.pathname)
    if (prefixed) return serveProviderRequest(req, res, `${prefixed[2] ?? '/'}${url.search}`, prefixed[1], proxy)
    if (url.pathname === CONTROL_PREFIX || url.pathname.startsWith(`${CONTROL_PREFIX}/`)) return handleControl(req, res, url.pathname, control())
    return serveProviderRequest(req, res, pathAndQuery, undefined, proxy)
  }

  const server = createServer((req, res) => {
    const handling = handle(req, res).catch((error: unknown) => {
      const message = `[llm-cassettes] serve failed on ${req.method} ${req.url}: ${error instanceof Error ? error.message : String(error)}`
      log(message)
      sendReply(res, errorReply('plain', 500, 'upstream', message))
    })
    inflight.add(handling)
    void handling.finally(() => inflight.delete(handling))
  })
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  await listen(server, host, options.port ?? 0)
  port = (server.address() as AddressInfo).port
  origin = `http://${host.includes(':') ? `[${host}]` : host}:${port}`

  async function close(): Promise<ServeSummary> {
    const stopped = new Promise<void>((resolvePromise) => server.close(() => resolvePromise()))
    server.closeIdleConnections()
    while (inflight.size > 0) await Promise.allSettled([...inflight])
    server.closeAllConnections()
    await stopped
    const errors: string[] = []
    for (const open of cassettes.all()) {
      try {
        await cassettes.end(open)
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error)
        errors.push(message)
        log(message)
      }
    }
    const totals: RunSummary = {
      ...tally(cassettes.ended().map((summary) => ({ state: 'passed' as const, cassettePath: summary.cassettePath, summary }))),
      obsolete: 0,
      removed: 0,
    }
    return { line: summaryLine(totals), totals, errors }
  }

  return {
    url: origin,
    port,
    mode,
    settings,
    close: () => (closing ??= close()),
    abort: () => {
      for (const socket of sockets) socket.destroy()
    },
  }
}
