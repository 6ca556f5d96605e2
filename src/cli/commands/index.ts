import type { Command } from '../command.js'
import { exportCommand } from './export.js'
import { importCommand } from './import.js'
import { pruneCommand } from './prune.js'

/** Every command, in the order `--help` lists them. */
export const COMMANDS: readonly Command[] = [exportCommand, importCommand, pruneCommand]
