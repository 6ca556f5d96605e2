import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { parseCassette } from '../../cassette/serialize.js'
import type { Cassette } from '../../cassette/types.js'
import { CassetteError } from '../../errors.js'
import { diffCassettes, type CassetteDiff } from '../cassette-diff.js'
import { cassetteDir, looksLikeCassette, parseJsonFile, relativePath } from '../cassette-dir.js'
import { UsageError, type Command, type Io } from '../command.js'
import { changedFiles, fileAt, repositoryRoot, resolveCommit, type FileChange } from '../git.js'
import { parseCommandArgs } from '../parse.js'

/** A cassette's bytes as a cassette, or undefined when they are not one (other JSON is never reported). */
function asCassette(bytes: Buffer | undefined, where: string): Cassette | undefined {
  if (bytes === undefined || !looksLikeCassette(parseJsonFile(bytes), true)) return undefined
  return parseCassette(bytes, where)
}

interface Changed {
  /** Path under the cassette dir, `/`-separated. */
  name: string
  change: FileChange
  test: string
  diff: CassetteDiff
}

function statLine({ name, change, diff }: Changed): string {
  const counts =
    change === 'added'
      ? `${diff.after} interaction(s)`
      : change === 'deleted'
        ? `${diff.before} interaction(s)`
        : diff.changed === 0
          ? `${diff.after} interaction(s), transcripts unchanged`
          : `${diff.changed} of ${Math.max(diff.before, diff.after)} interaction(s) changed${diff.before === diff.after ? '' : ` (${diff.before} → ${diff.after})`}`
  return `${change.padEnd(8)}  ${name}  ${counts}`
}

function report(changed: readonly Changed[], stat: boolean, io: Io): void {
  for (const [index, cassette] of changed.entries()) {
    if (stat) {
      io.out(statLine(cassette))
      continue
    }
    if (index > 0) io.out('')
    io.out(`${statLine(cassette)}\n  test: ${cassette.test}`)
    if (cassette.diff.lines.length > 0) io.out(cassette.diff.lines.join('\n'))
    else if (cassette.change === 'modified') io.out('  (only ids, timings or other recorded fields changed, not what was sent or answered)')
  }
  io.out(changed.length === 0 ? 'no cassette changed' : `${changed.length} cassette(s) changed`)
}

export const diffCommand: Command = {
  name: 'diff',
  summary: "which tests' cassettes changed since a git ref, as transcripts",
  help: `Usage: llm-cassettes diff [ref] [--stat] [--dir <dir>]

Lists the cassettes under <dir> (default: $LLM_CASSETTES_DIR, else ./cassettes) that differ between the git
ref [ref] (default HEAD) and the work tree, new ones included, and shows what changed as transcripts: for
each interaction that changed, the prompt, the answer, the tool calls and the token counts before (-) and
after (+). Interactions are lined up by what they hold, so a call added at the start does not make the
later ones look changed. For a pull request: llm-cassettes diff origin/main.

Exit code: 0 when no cassette changed, 1 when some did, 2 on an error (not a git repository, an unknown ref).

Options:
  --stat         one line per changed cassette
  --dir <dir>    the cassette directory
  -h, --help     show this help`,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, { stat: { type: 'boolean' }, dir: { type: 'string' } })
    if (values.help) {
      io.out(this.help)
      return 0
    }
    if (positionals.length > 1) throw new UsageError('expected at most one [ref]')
    const dir = cassetteDir(values.dir as string | undefined)
    try {
      const root = await repositoryRoot(existsSync(dir) ? dir : process.cwd())
      const ref = positionals[0] ?? 'HEAD'
      const commit = await resolveCommit(root, ref)
      const changed: Changed[] = []
      for (const [path, change] of [...(await changedFiles(root, commit, dir))].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
        const absolute = join(root, path)
        const name = relativePath(dir, absolute)
        if (!name.endsWith('.json') || name.split('/').some((part) => part.startsWith('.'))) continue
        const before = change === 'added' ? undefined : asCassette(await fileAt(root, commit, path), `${ref}:${path}`)
        const after = change === 'deleted' ? undefined : asCassette(await readFile(absolute), relativePath(process.cwd(), absolute))
        if (!before && !after) continue
        changed.push({ name, change, test: (after ?? before)!.test, diff: diffCassettes(before, after) })
      }
      report(changed, values.stat === true, io)
      return changed.length === 0 ? 0 : 1
    } catch (error) {
      if (!(error instanceof CassetteError)) throw error
      io.err(error.message)
      return 2
    }
  },
}
