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
    'Run `llm-cassettes <command> --help` for a command\'s options.',
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
    throw error
  }
}
