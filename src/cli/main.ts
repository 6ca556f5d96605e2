import { CassetteError } from '../errors.js'
import { UsageError, type Io } from './command.js'
import { COMMANDS } from './commands/index.js'

function usage(): string {
  const width = Math.max(...COMMANDS.map((command) => command.name.length))
  return [
    'Usage: llm-cassettes <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`),
    '',
    "Run `llm-cassettes <command> --help` for a command's options.",
  ].join('\n')
}

/** Runs one CLI invocation and returns its exit code: 0 done, 1 failed, 2 bad usage. */
export async function runCli(argv: readonly string[], io: Io): Promise<number> {
  const [name, ...args] = argv
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.out(usage())
    return name === undefined ? 2 : 0
  }
  const command = COMMANDS.find((candidate) => candidate.name === name)
  if (!command) {
    io.err(`llm-cassettes: unknown command ${JSON.stringify(name)}\n\n${usage()}`)
    return 2
  }
  try {
    return await command.run(args, io)
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`llm-cassettes ${command.name}: ${error.message}\n\n${command.help}`)
      return 2
    }
    if (error instanceof CassetteError) {
      io.err(error.message)
      return 1
    }
    // Anything else (a file system error on a path the command was given, most often) is one line too, never a stack.
    io.err(`llm-cassettes ${command.name}: ${oneLine(error)}`)
    return 1
  }
}

/** An error's message on one line, with the path a file system error is about when the message lacks it. */
function oneLine(error: unknown): string {
  if (!(error instanceof Error)) return String(error)
  const { path } = error as NodeJS.ErrnoException
  const message = error.message.replace(/\s*\n\s*/g, ' ')
  return path && !message.includes(path) ? `${message} (${path})` : message
}
