import { execFile } from 'node:child_process'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { promisify } from 'node:util'
import { childEnv, REPO_ROOT, runNode, type RunResult } from '../support/fixture-project.js'
import { NPM } from './packed-tarball.js'

const exec = promisify(execFile)

/**
 * `openai@6.49.0`: the version this repository tests with, so the install comes from npm's cache. `as` names it
 * for a package installed here under an alias (`vitest-v5` is `vitest@5.x`).
 */
export async function sameVersionAsHere(name: string, as = name): Promise<string> {
  const manifest = JSON.parse(await readFile(join(REPO_ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }
  return `${as}@${manifest.version}`
}

/** A new project outside this repository, as a user makes one: its package.json, then `npm install` of the tarball. */
export class UserProject {
  private constructor(readonly dir: string) {}

  /** `type` is package.json's `"type"` (`npm init -y` writes `"commonjs"`); `packages` are installed beside the tarball. */
  static async create(tarball: string, type: 'module' | 'commonjs', packages: readonly string[]): Promise<UserProject> {
    const dir = await mkdtemp(join(tmpdir(), 'llm-cassettes-user-'))
    await writeFile(join(dir, 'package.json'), `${JSON.stringify({ name: 'user-project', private: true, type }, null, 2)}\n`)
    // npm's settings for this repository (npx and npm scripts pass them on as npm_config_*, e.g. legacy-peer-deps,
    // which would leave out Vitest 5's peer vite) are not the user's.
    const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key)))
    await exec(NPM, ['install', '--prefer-offline', '--no-audit', '--no-fund', tarball, ...packages], { cwd: dir, env, maxBuffer: 16 * 1024 * 1024 })
    return new UserProject(dir)
  }

  path(...parts: string[]): string {
    return join(this.dir, ...parts)
  }

  async write(file: string, text: string): Promise<void> {
    await mkdir(dirname(this.path(file)), { recursive: true })
    await writeFile(this.path(file), text)
  }

  read(file: string): Promise<string> {
    return readFile(this.path(file), 'utf8')
  }

  /** `node <args>` in the project, with a clean environment plus `env`. */
  node(args: readonly string[], env: Record<string, string | undefined> = {}): Promise<RunResult> {
    return runNode(args, this.dir, childEnv(env))
  }

  /** The project's own Vitest: `vitest run <args>`. */
  vitest(args: readonly string[], env: Record<string, string | undefined> = {}): Promise<RunResult> {
    return this.node([this.path('node_modules', 'vitest', 'vitest.mjs'), 'run', ...args], env)
  }

  /** The project's own Jest; `esm` runs it as Jest's ESM docs say (`--experimental-vm-modules`). */
  jest(args: readonly string[], env: Record<string, string | undefined> = {}, { esm = false } = {}): Promise<RunResult> {
    const nodeOptions = esm ? { NODE_OPTIONS: '--experimental-vm-modules --no-warnings' } : {}
    return this.node([this.path('node_modules', 'jest', 'bin', 'jest.js'), ...args], { ...nodeOptions, ...env })
  }

  remove(): Promise<void> {
    return rm(this.dir, { recursive: true, force: true })
  }
}
