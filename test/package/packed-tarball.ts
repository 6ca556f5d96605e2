import { execFile } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { copyFile, mkdir, mkdtemp, readFile, readdir, rename, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { promisify } from 'node:util'
import { lock } from 'proper-lockfile'
import { REPO_ROOT } from '../support/fixture-project.js'

const exec = promisify(execFile)
export const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm'
const CACHE = join(REPO_ROOT, '.tmp', 'packed')

export interface Packed {
  tarball: string
  /** The paths inside the tarball, as `npm pack --json` lists them. */
  files: string[]
}

/**
 * The files a fresh clone has: what git tracks, plus new files not yet committed that git does not ignore
 * (so work in progress is packed as it will be once committed). Never dist/ nor node_modules.
 */
async function cloneFiles(): Promise<string[]> {
  const { stdout } = await exec('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: REPO_ROOT, maxBuffer: 16 * 1024 * 1024 })
  const files = stdout.split('\0').filter((file) => file !== '' && !/^(dist|node_modules)(\/|$)/.test(file))
  return [...new Set(files)].filter((file) => existsSync(join(REPO_ROOT, file))).sort()
}

async function contentKey(files: readonly string[]): Promise<string> {
  const hash = createHash('sha256')
  for (const file of files)
    hash
      .update(`${file}\0`)
      .update(await readFile(join(REPO_ROOT, file)))
      .update('\0')
  return hash.digest('hex').slice(0, 16)
}

/** Copies the files into a new folder outside the repository, with no dist/, and runs `npm pack` there. */
async function packFreshCopy(files: readonly string[], destination: string): Promise<Packed> {
  const copy = await mkdtemp(join(tmpdir(), 'llm-cassettes-clone-'))
  try {
    for (const file of files) {
      await mkdir(dirname(join(copy, file)), { recursive: true })
      await copyFile(join(REPO_ROOT, file), join(copy, file))
    }
    if (existsSync(join(copy, 'dist'))) throw new Error(`the fresh copy in ${copy} already has a dist/ folder`)
    // What `npm ci` would install; the repository's own is the same lockfile's.
    await symlink(join(REPO_ROOT, 'node_modules'), join(copy, 'node_modules'), 'dir')
    await mkdir(destination, { recursive: true })
    const { stdout } = await exec(NPM, ['pack', '--json', '--pack-destination', destination], { cwd: copy, maxBuffer: 16 * 1024 * 1024 })
    // The prepack build prints to the same stdout, before npm's JSON.
    const [packed] = JSON.parse(stdout.slice(stdout.search(/^\[\s*\{/m))) as { filename: string; files: { path: string }[] }[]
    return { tarball: join(destination, packed!.filename), files: packed!.files.map((file) => file.path).sort() }
  } finally {
    await rm(copy, { recursive: true, force: true })
  }
}

/**
 * The tarball `npm pack` (and so `npm publish`) makes from a fresh clone of the current sources. Packed once per
 * version of the sources: test files running in parallel wait for each other and share it.
 */
export async function packedTarball(): Promise<Packed> {
  const files = await cloneFiles()
  const key = await contentKey(files)
  await mkdir(CACHE, { recursive: true })
  const release = await lock(CACHE, { realpath: false, retries: { retries: 600, minTimeout: 500, maxTimeout: 500 } })
  try {
    const manifest = join(CACHE, `${key}.json`)
    if (existsSync(manifest)) return JSON.parse(await readFile(manifest, 'utf8')) as Packed
    for (const stale of await readdir(CACHE)) await rm(join(CACHE, stale), { recursive: true, force: true })
    const packed = await packFreshCopy(files, join(CACHE, key))
    await writeFile(`${manifest}.tmp`, JSON.stringify(packed))
    await rename(`${manifest}.tmp`, manifest)
    return packed
  } finally {
    await release()
  }
}
