import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { cp, mkdir, readFile, readdir, rm, symlink, writeFile } from 'node:fs/promises'
import { existsSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { reportPathOf } from '../../src/report/report-file.js'

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
const WORK_DIR = join(REPO_ROOT, '.tmp', 'projects')

/** The Vitest majors installed side by side: `vitest-v3` (`npm:vitest@^3`), `vitest` (4) and `vitest-v5`. */
export const VITEST_PACKAGES = ['vitest-v3', 'vitest', 'vitest-v5'] as const
export type VitestPackage = (typeof VITEST_PACKAGES)[number]

export interface FixtureOptions {
  /** Which installed Vitest runs the project and is what `import 'vitest'` finds there (default `vitest`, 4). */
  vitest?: VitestPackage
}

/** The Jest majors installed side by side: `jest` (30) and `jest-v29` (`npm:jest@^29`). */
export const JEST_PACKAGES = ['jest-v29', 'jest'] as const
export type JestPackage = (typeof JEST_PACKAGES)[number]

export interface JestRunOptions {
  /** Which installed Jest runs the project. */
  jest: JestPackage
  /** Jest's ESM mode: `NODE_OPTIONS=--experimental-vm-modules`, so `.mjs` tests can run. */
  esm?: boolean
}

export interface NodeTestRunOptions {
  /** The node binary that runs `node --test` (default: the one running this process). */
  node?: string
  /** Print through llm-cassettes/node-test-reporter (to stderr) beside the spec reporter (default true). */
  reporter?: boolean
  /** Load llm-cassettes/node-test (default true). */
  integration?: boolean
}

export interface RunResult {
  code: number | null
  stdout: string
  stderr: string
  /** stdout and stderr, with colour codes removed. */
  output: string
}

/** Variables a parent test run or CI sets that must not leak into a fixture run. */
const INHERITED_NOISE = /^(VITEST|CI$|CONTINUOUS_INTEGRATION$|GITHUB_|BUILD_NUMBER$|RUN_ID$|TEST$|NODE_ENV$|OPENAI_|ANTHROPIC_|LLM_CASSETTES_)/

/** The environment of a fixture run: this process's, minus what a parent run or CI set, plus `extra`, without colours. */
export function childEnv(extra: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {}
  for (const [key, value] of Object.entries(process.env)) if (!INHERITED_NOISE.test(key)) env[key] = value
  for (const [key, value] of Object.entries(extra)) {
    if (value === undefined) delete env[key]
    else env[key] = value
  }
  env.FORCE_COLOR = '0'
  env.NO_COLOR = '1'
  return env
}

const ANSI = /\u001b\[[0-9;]*m/g

/** Runs `node <args>` in `cwd` with exactly `env`; resolves with its exit code and output (never rejects on a failure exit). */
export function runNode(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv, node = process.execPath): Promise<RunResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(node, args, { cwd, env })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (data: Buffer) => (stdout += data.toString()))
    child.stderr.on('data', (data: Buffer) => (stderr += data.toString()))
    child.on('error', reject)
    child.on('close', (code) => {
      const output = `${stdout}\n${stderr}`.replace(ANSI, '')
      resolvePromise({ code, stdout, stderr, output })
    })
  })
}

/** `node_modules/llm-cassettes` beside the fixture projects points at this repository (its package.json and dist/). */
async function linkPackage(): Promise<void> {
  const link = join(WORK_DIR, 'node_modules', 'llm-cassettes')
  if (existsSync(link)) return
  await mkdir(dirname(link), { recursive: true })
  await symlink(REPO_ROOT, link, 'dir').catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'EEXIST') throw error
  })
}

/**
 * Gives the project its own `node_modules` in which `vitest` is the chosen major and `llm-cassettes` is a copy
 * of this package (its package.json and dist/): Node resolves a module's imports from its real path, so a
 * symlinked package would import the repository's own `vitest` (4) instead. The project's own package.json
 * stops Node from resolving `llm-cassettes` to the repository itself (a package may import itself by name).
 */
async function installVitest(dir: string, vitest: VitestPackage): Promise<void> {
  await writeFile(join(dir, 'package.json'), `${JSON.stringify({ name: 'fixture', private: true, type: 'module' }, null, 2)}\n`)
  const modules = join(dir, 'node_modules')
  await mkdir(join(modules, 'llm-cassettes'), { recursive: true })
  await symlink(join(REPO_ROOT, 'node_modules', vitest), join(modules, 'vitest'), 'dir')
  await cp(join(REPO_ROOT, 'package.json'), join(modules, 'llm-cassettes', 'package.json'))
  await cp(join(REPO_ROOT, 'dist'), join(modules, 'llm-cassettes', 'dist'), { recursive: true })
}

/** A copy of `test/fixtures/<name>` inside the repository's `.tmp/`, so `openai` and `vitest` resolve from here. */
export class FixtureProject {
  private constructor(
    readonly dir: string,
    readonly vitest: VitestPackage,
  ) {}

  static async create(name: string, options: FixtureOptions = {}): Promise<FixtureProject> {
    await linkPackage()
    const vitest = options.vitest ?? 'vitest'
    const dir = join(WORK_DIR, `${name}-${randomBytes(4).toString('hex')}`)
    await cp(join(REPO_ROOT, 'test', 'fixtures', name), dir, { recursive: true })
    if (vitest !== 'vitest') await installVitest(dir, vitest)
    return new FixtureProject(dir, vitest)
  }

  /** Runs `vitest run <args>` in the project, through its Vitest major, with a clean environment plus `env`. */
  run(args: string[], env: Record<string, string | undefined> = {}): Promise<RunResult> {
    return this.spawn([join(REPO_ROOT, 'node_modules', this.vitest, 'vitest.mjs'), 'run', ...args], childEnv(env))
  }

  /** Runs `jest <args>` in the project, through the chosen Jest major, with a clean environment plus `env`. */
  runJest(args: string[], env: Record<string, string | undefined>, options: JestRunOptions): Promise<RunResult> {
    const bin = join(REPO_ROOT, 'node_modules', options.jest, 'bin', 'jest.js')
    const jestEnv = childEnv(env)
    if (options.esm) jestEnv.NODE_OPTIONS = `${jestEnv.NODE_OPTIONS ?? ''} --experimental-vm-modules --no-warnings`.trim()
    return this.spawn([bin, ...args], jestEnv)
  }

  /**
   * Runs `node --test --import llm-cassettes/node-test <args>` in the project with the spec reporter (and the
   * cassette reporter), through the given node binary, with a clean environment plus `env`.
   */
  runNodeTest(args: string[], env: Record<string, string | undefined>, options: NodeTestRunOptions = {}): Promise<RunResult> {
    const reporters = ['--test-reporter=spec', '--test-reporter-destination=stdout']
    if (options.reporter !== false) reporters.push('--test-reporter=llm-cassettes/node-test-reporter', '--test-reporter-destination=stderr')
    const setup = options.integration === false ? [] : ['--import', 'llm-cassettes/node-test']
    return this.spawn(['--test', ...setup, ...reporters, ...args], childEnv(env), options.node)
  }

  private spawn(args: string[], env: NodeJS.ProcessEnv, node = process.execPath): Promise<RunResult> {
    return runNode(args, this.dir, env, node)
  }

  path(...parts: string[]): string {
    return join(this.dir, ...parts)
  }

  read(file: string): Promise<string> {
    return readFile(this.path(file), 'utf8')
  }

  write(file: string, text: string): Promise<void> {
    return mkdir(dirname(this.path(file)), { recursive: true }).then(() => writeFile(this.path(file), text))
  }

  /** Every file under `cassettes/`, relative to it, sorted. */
  async cassettes(dir = 'cassettes'): Promise<string[]> {
    const root = this.path(dir)
    if (!existsSync(root)) return []
    const entries = await readdir(root, { recursive: true, withFileTypes: true })
    return entries
      .filter((entry) => entry.isFile())
      .map((entry) => relative(root, join(entry.parentPath, entry.name)))
      .sort()
  }

  /** Every cassette's text, keyed by its path under `cassettes/`. */
  async cassetteTexts(dir = 'cassettes'): Promise<Record<string, string>> {
    const texts: Record<string, string> = {}
    for (const file of await this.cassettes(dir)) texts[file] = await this.read(join(dir, file))
    return texts
  }

  /** Deletes the project and the run report its runs wrote outside it. */
  async remove(): Promise<void> {
    await rm(reportPathOf(this.path('cassettes')), { force: true })
    await rm(this.dir, { recursive: true, force: true })
  }
}
