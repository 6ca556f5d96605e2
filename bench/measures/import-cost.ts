import { spawnSync } from 'node:child_process'
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { ms, type Row } from '../support/row.js'
import { median } from '../support/stats.js'
import { runVitest } from '../support/vitest-run.js'
import { withWorkspace } from '../support/workspace.js'
import { installPackage } from './suite-project.js'

/** Test files, each run by Vitest in a fresh worker process (the default `forks` pool isolates every file). */
const WORKERS = 15
const TARGET_MS = 15
/** Paired rounds of fresh `node` processes (after WARMUP_ROUNDS untimed), each round one with the import, one without. */
const ROUNDS = 21
const WARMUP_ROUNDS = 3

/** What a fresh process does, per build: load the entry a test imports `wrapOpenAI` from, or nothing. */
const ENTRIES = {
  ESM: { load: ['--input-type=module', '-e', "await import('llm-cassettes')"], empty: ['--input-type=module', '-e', ''] },
  CommonJS: { load: ['-e', "require('llm-cassettes')"], empty: ['-e', ''] },
} as const

/** Printed by one more process of each build: the packages outside Node it loaded (only llm-cassettes' own and what replay needs). */
const LOADED_PACKAGES: Record<keyof typeof ENTRIES, string> = {
  ESM: "await import('llm-cassettes'); const { createRequire } = await import('node:module'); console.log(JSON.stringify(Object.keys(createRequire(import.meta.url).cache)))",
  CommonJS: "require('llm-cassettes'); console.log(JSON.stringify(Object.keys(require.cache)))",
}

const packageOf = (file: string): string => /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file.slice(file.lastIndexOf('node_modules/')))?.[1] ?? file

function timedNode(dir: string, args: readonly string[]): number {
  const env = { ...process.env }
  delete env.NODE_OPTIONS
  const start = performance.now()
  const run = spawnSync(process.execPath, args, { cwd: dir, env, stdio: ['ignore', 'ignore', 'pipe'] })
  const elapsed = performance.now() - start
  if (run.status !== 0) throw new Error(`node ${args.join(' ')} failed (exit ${run.status}): ${run.stderr.toString().slice(-2000)}`)
  return elapsed
}

/**
 * Fresh `node` processes loading the entry, paired with fresh ones loading nothing (`node -e ''`, or its ES-module
 * form for the ESM build, whose loader any ESM user starts anyway): the median over rounds of each pair's difference.
 */
function freshProcessCost(dir: string, build: keyof typeof ENTRIES): { cost: number; load: number; empty: number; packages: string[] } {
  const { load, empty } = ENTRIES[build]
  const loads: number[] = []
  const empties: number[] = []
  for (let round = 0; round < WARMUP_ROUNDS + ROUNDS; round++) {
    const order = round % 2 === 0 ? [load, empty] : [empty, load]
    const [first, second] = order.map((args) => timedNode(dir, args!))
    if (round < WARMUP_ROUNDS) continue
    loads.push(round % 2 === 0 ? first! : second!)
    empties.push(round % 2 === 0 ? second! : first!)
  }
  const probe = spawnSync(process.execPath, [...(build === 'ESM' ? ['--input-type=module'] : []), '-e', LOADED_PACKAGES[build]], { cwd: dir })
  const files = JSON.parse(probe.stdout.toString()) as string[]
  const packages = [...new Set(files.filter((file) => file.includes('node_modules/')).map(packageOf))].filter((name) => name !== 'llm-cassettes')
  return { cost: median(loads.map((value, i) => value - empties[i]!)), load: median(loads), empty: median(empties), packages }
}

/**
 * One test file: at the top, before anything of ours is loaded, it imports what a replaying Vitest worker loads
 * from llm-cassettes (the setup file the plugin adds, then the package's entry, which a test imports
 * `wrapOpenAI` from), natively as Vitest loads packages in node_modules, and times that; an empty module is
 * imported first and timed the same way, as the loader's own cost. The test writes the figures to a file.
 */
const IMPORT_TEST = `import { test } from 'vitest'
import { writeFileSync } from 'node:fs'

const timed = async (load) => {
  const cpu = process.cpuUsage()
  const start = performance.now()
  await load()
  const wall = performance.now() - start
  const used = process.cpuUsage(cpu)
  return { wall, cpu: (used.user + used.system) / 1000 }
}
const loaded = new Set(process.moduleLoadList)
const empty = await timed(() => import('../empty.mjs'))
const ours = await timed(async () => {
  await import('llm-cassettes/dist/vitest-setup.js')
  await import('llm-cassettes')
})
const builtins = process.moduleLoadList.filter((name) => !loaded.has(name) && name.startsWith('NativeModule ')).map((name) => name.slice(13))

test('imports llm-cassettes', () => {
  writeFileSync(process.env.BENCH_IMPORT_OUT + '/' + process.pid + '.json', JSON.stringify({ empty, ours, builtins }))
})
`

interface WorkerReport {
  empty: { wall: number; cpu: number }
  ours: { wall: number; cpu: number }
  builtins: string[]
}

/** #8: what a replaying process pays to load llm-cassettes: fresh `node` processes (ESM, CommonJS) and fresh Vitest workers. */
export async function importCost(): Promise<Row[]> {
  return withWorkspace('import', async (dir) => {
    await installPackage(dir)
    const rows: Row[] = (['ESM', 'CommonJS'] as const).map((build, i) => {
      const { cost, load, empty, packages } = freshProcessCost(dir, build)
      return {
        id: `8${'ab'[i]}`,
        measure: `import cost of \`llm-cassettes\` (the \`wrapOpenAI\` entry), ${build} build, in a fresh \`node\` (median of ${ROUNDS} paired processes)`,
        ours: `${ms(load)} (packages loaded besides it: ${packages.length ? packages.join(', ') : 'none'})`,
        baseline: `\`node ${ENTRIES[build].empty.map((arg) => (arg === '' ? "''" : arg)).join(' ')}\` ${ms(empty)}`,
        result: `+${ms(cost)}`,
        target: `≤ +${TARGET_MS} ms`,
        met: cost <= TARGET_MS,
      }
    })
    // The package's exports map does not list the setup file (the plugin names it by path): open it for this test.
    const manifestPath = join(dir, 'node_modules', 'llm-cassettes', 'package.json')
    const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as { exports: Record<string, unknown> }
    manifest.exports['./dist/vitest-setup.js'] = './dist/vitest-setup.js'
    await writeFile(manifestPath, JSON.stringify(manifest))
    await mkdir(join(dir, 'tests'))
    await writeFile(join(dir, 'empty.mjs'), 'export {}\n')
    for (let file = 0; file < WORKERS; file++) await writeFile(join(dir, 'tests', `import-${file}.test.mjs`), IMPORT_TEST)
    const config = "export default { test: { include: ['tests/**/*.test.mjs'], fileParallelism: false } }\n"
    await writeFile(join(dir, 'vitest.config.mjs'), config)
    const out = join(dir, 'reports')
    await mkdir(out)
    const run = await runVitest(dir, 'vitest.config.mjs', { BENCH_IMPORT_OUT: out })
    if (run.code !== 0) throw new Error(`the import test run failed (exit ${run.code}):\n${run.output.slice(-2000)}`)
    const files = await readdir(out)
    if (files.length !== WORKERS) throw new Error(`${files.length} worker processes reported, expected ${WORKERS} (one per test file)`)
    const reports = await Promise.all(files.map(async (file) => JSON.parse(await readFile(join(out, file), 'utf8')) as WorkerReport))
    const wall = median(reports.map((report) => report.ours.wall))
    const cpu = median(reports.map((report) => report.ours.cpu))
    const empty = median(reports.map((report) => report.empty.wall))
    const builtins = reports[0]!.builtins
    rows.push({
      id: '8c',
      measure: `import cost in a replaying Vitest worker: the plugin's setup file + \`llm-cassettes\` (ESM, timed inside each of ${WORKERS} fresh workers; median)`,
      ours: `${ms(wall)} (CPU ${ms(cpu)}; Node built-ins loaded: ${builtins.length ? builtins.join(', ') : 'none'})`,
      baseline: `an empty module ${ms(empty)}`,
      result: `+${ms(wall - empty)}`,
      target: `≤ +${TARGET_MS} ms`,
      met: wall - empty <= TARGET_MS,
    })
    return rows
  })
}
