import { execFile } from 'node:child_process'
import { relative } from 'node:path'
import { promisify } from 'node:util'
import { CassetteError } from '../errors.js'

const run = promisify(execFile)
const MAX_BUFFER = 256 * 1024 * 1024

async function git(cwd: string, args: readonly string[]): Promise<Buffer> {
  const { stdout } = await run('git', [...args], { cwd, encoding: 'buffer', maxBuffer: MAX_BUFFER })
  return stdout
}

const gitError = (message: string) => new CassetteError(message, { code: 'ERR_CASSETTE_GIT' })

/** The top of the git work tree that holds `dir`. */
export async function repositoryRoot(dir: string): Promise<string> {
  try {
    return (await git(dir, ['rev-parse', '--show-toplevel'])).toString('utf8').trim()
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT') throw gitError('`git` was not found on the PATH: llm-cassettes diff compares cassettes with a git ref.')
    throw gitError(`${dir} is not inside a git repository: llm-cassettes diff compares cassettes with a git ref.`)
  }
}

/** The commit `ref` names, or a CassetteError naming it. */
export async function resolveCommit(root: string, ref: string): Promise<string> {
  try {
    return (await git(root, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`])).toString('utf8').trim()
  } catch {
    throw gitError(`${JSON.stringify(ref)} is not a commit of the repository at ${root} (try HEAD, a branch, a tag or a commit hash).`)
  }
}

export type FileChange = 'added' | 'modified' | 'deleted'

/** Files under `dir` that differ between `commit` and the work tree (untracked ones count as added), by path from `root`. */
export async function changedFiles(root: string, commit: string, dir: string): Promise<Map<string, FileChange>> {
  const pathspec = relative(root, dir) || '.'
  const changes = new Map<string, FileChange>()
  const fields = (await git(root, ['diff', '--name-status', '--no-renames', '-z', commit, '--', pathspec])).toString('utf8').split('\0')
  for (let i = 0; i + 1 < fields.length; i += 2) {
    const status = fields[i]!
    changes.set(fields[i + 1]!, status === 'A' ? 'added' : status === 'D' ? 'deleted' : 'modified')
  }
  const untracked = (await git(root, ['ls-files', '--others', '--exclude-standard', '--full-name', '-z', '--', pathspec])).toString('utf8').split('\0')
  for (const path of untracked) if (path !== '') changes.set(path, 'added')
  return changes
}

/** The bytes of `path` (from `root`) at `commit`. */
export function fileAt(root: string, commit: string, path: string): Promise<Buffer> {
  return git(root, ['cat-file', 'blob', `${commit}:${path}`])
}
