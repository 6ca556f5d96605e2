import { parseArgs, type ParseArgsConfig } from 'node:util'
import { UsageError } from './command.js'

export interface ParsedArgs {
  values: Record<string, string | boolean | string[] | undefined>
  positionals: string[]
}

/** `util.parseArgs`, strict, with `-h/--help` added; an unknown flag or a missing value becomes a UsageError. */
export function parseCommandArgs(args: string[], options: NonNullable<ParseArgsConfig['options']>): ParsedArgs {
  try {
    const parsed = parseArgs({ args, options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true })
    return { values: parsed.values as ParsedArgs['values'], positionals: parsed.positionals }
  } catch (error) {
    throw new UsageError((error as Error).message)
  }
}
