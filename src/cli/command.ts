/** Where a command writes; tests pass their own. */
export interface Io {
  out(text: string): void
  err(text: string): void
}

/** One `llm-cassettes <name>` command. Adding a command is one file under `commands/` and one line in `commands/index.ts`. */
export interface Command {
  name: string
  /** One line for the command list. */
  summary: string
  /** The full `--help` text. */
  help: string
  /** Returns the exit code. Throws UsageError for bad arguments (exit 2, with the help). */
  run(args: string[], io: Io): Promise<number>
}

/** Bad arguments: the CLI prints the message and the command's help, and exits with 2. */
export class UsageError extends Error {
  override name = 'UsageError'
}
