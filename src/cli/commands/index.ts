import type { Command } from '../command.js'
import { diffCommand } from './diff.js'
import { exportCommand } from './export.js'
import { importCommand } from './import.js'
import { lsCommand } from './ls.js'
import { pruneCommand } from './prune.js'
import { serveCommand } from './serve.js'
import { showCommand } from './show.js'
import { verifyCommand } from './verify.js'

/** Every command, in the order `--help` lists them. */
export const COMMANDS: readonly Command[] = [lsCommand, showCommand, diffCommand, verifyCommand, pruneCommand, exportCommand, importCommand, serveCommand]
