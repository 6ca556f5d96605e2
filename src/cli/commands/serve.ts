import { relative } from 'node:path'
import type { CassetteError } from '../../errors.js'
import { MODES, parseMode, type Mode } from '../../mode.js'
import { startCassetteServer, type CassetteServer } from '../../serve/server.js'
import { upstreamProblem, type Upstreams } from '../../serve/upstreams.js'
import { UsageError, type Command } from '../command.js'
import { parseCommandArgs } from '../parse.js'

const UPSTREAM_FLAGS = { upstream: 'all', 'upstream-openai': 'openai', 'upstream-anthropic': 'anthropic', 'upstream-gemini': 'google' } as const

function portOf(value: string | undefined): number | undefined {
  if (value === undefined) return undefined
  if (!/^\d+$/.test(value) || Number(value) > 65535) throw new UsageError(`--port must be a port number (0 to 65535), got ${JSON.stringify(value)}`)
  return Number(value)
}

function modeOf(value: string | undefined): Mode | undefined {
  if (value === undefined) return undefined
  try {
    return parseMode(value, '--mode')
  } catch (error) {
    throw new UsageError((error as CassetteError).message.replace(/^\[llm-cassettes\] /, ''))
  }
}

/** Resolves on the first SIGINT or SIGTERM; a second one cuts the requests still in flight. */
function untilStopped(server: CassetteServer): { stopped: Promise<void>; dispose: () => void } {
  let signals = 0
  let stop: () => void = () => undefined
  const stopped = new Promise<void>((resolve) => (stop = resolve))
  const onSignal = () => {
    signals += 1
    if (signals === 1) stop()
    else server.abort()
  }
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)
  return {
    stopped,
    dispose: () => {
      process.off('SIGINT', onSignal)
      process.off('SIGTERM', onSignal)
    },
  }
}

export const serveCommand: Command = {
  name: 'serve',
  summary: 'serve the OpenAI, Anthropic and Gemini APIs from cassettes to another process (e2e tests, apps, CLIs)',
  help: `Usage: llm-cassettes serve [options]

An HTTP server on 127.0.0.1 that speaks the OpenAI, Anthropic and Gemini APIs, for code the test runs in another
process (an app an e2e test starts, a CLI, a service in any language). Each call is replayed from a cassette, or
sent to the upstream and recorded, exactly as in-process: same files, format, matching, modes, redaction and
secret guard. The first line printed is \`listening on http://127.0.0.1:PORT\`.

Point the app at it:  OPENAI_BASE_URL=http://127.0.0.1:PORT/v1  ANTHROPIC_BASE_URL=http://127.0.0.1:PORT
Choose the cassette, before the app calls:
  POST /__llm-cassettes/cassette {"test": "<test file> > <describe> > <test>"}   (or {"name": "<cassette name>"})
  DELETE /__llm-cassettes/cassette                                            writes it
or per request, with the header  x-llm-cassette: <test file> > <describe> > <test>
Keys: the client's own, else OPENAI_API_KEY, ANTHROPIC_API_KEY, GEMINI_API_KEY from serve's environment.
A call with no recording in replay mode gets a 404 with the miss in its body (and on stderr).
SIGINT or SIGTERM writes every open cassette and prints the summary line. Details: docs/serve.md.

Options:
  --port <n>                  port (default: a free one)
  --host <address>            address to listen on (default 127.0.0.1)
  --upstream <url>            where calls go live, for every API (a local server, a proxy); the only
                              upstream for paths that are not an OpenAI, Anthropic or Gemini API path
  --upstream-openai <url>     default https://api.openai.com
  --upstream-anthropic <url>  default https://api.anthropic.com
  --upstream-gemini <url>     default https://generativelanguage.googleapis.com
  --mode <mode>               ${MODES.join(', ')} (default: the config file's, else
                              LLM_CASSETTES_MODE, else replay in CI, else auto)
  --cassette <name>           the cassette of requests that name none, when none is open
                              ("<test file> > <test>", or a cassette name)
  --dir <dir>                 cassette directory (default: LLM_CASSETTES_DIR, the config file's, ./cassettes)
  -h, --help                  show this help`,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, {
      port: { type: 'string' },
      host: { type: 'string' },
      upstream: { type: 'string' },
      'upstream-openai': { type: 'string' },
      'upstream-anthropic': { type: 'string' },
      'upstream-gemini': { type: 'string' },
      mode: { type: 'string' },
      cassette: { type: 'string' },
      dir: { type: 'string' },
    })
    if (values.help) {
      io.out(this.help)
      return 0
    }
    if (positionals.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(positionals[0])}`)
    const upstreams: Upstreams = {}
    for (const [flag, provider] of Object.entries(UPSTREAM_FLAGS)) {
      const value = values[flag] as string | undefined
      if (value === undefined) continue
      const problem = upstreamProblem(value)
      if (problem) throw new UsageError(`--${flag}: ${problem}`)
      upstreams[provider] = value
    }
    const text = (name: string) => values[name] as string | undefined
    if (text('cassette')?.trim() === '') throw new UsageError('--cassette needs a name')
    const port = portOf(text('port'))
    const mode = modeOf(text('mode'))
    const server = await startCassetteServer({
      upstreams,
      log: (line) => io.err(line),
      ...(port === undefined ? {} : { port }),
      ...(mode === undefined ? {} : { mode }),
      ...(text('host') === undefined ? {} : { host: text('host')! }),
      ...(text('dir') === undefined ? {} : { dir: text('dir')! }),
      ...(text('cassette') === undefined ? {} : { cassette: text('cassette')! }),
    })
    const { stopped, dispose } = untilStopped(server)
    io.out(`listening on ${server.url}`)
    io.out(`mode ${server.mode.mode} (${server.mode.reason}); cassettes in ${relative(process.cwd(), server.settings.dir) || '.'}`)
    await stopped
    try {
      const summary = await server.close()
      io.out(summary.line)
      return summary.errors.length > 0 ? 1 : 0
    } finally {
      dispose()
    }
  },
}
