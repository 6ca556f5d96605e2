import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import tsupConfigs from '../../tsup.config.js'
import { REPO_ROOT } from '../support/fixture-project.js'

interface Manifest {
  engines: { node: string }
  exports: Record<string, string | { import: { default: string } }>
}
const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as Manifest
const tsconfig = JSON.parse(readFileSync(join(REPO_ROOT, 'tsconfig.json'), 'utf8')) as { compilerOptions: { paths: Record<string, string[]> } }
const configs = (Array.isArray(tsupConfigs) ? tsupConfigs : [tsupConfigs]) as { entry: Record<string, string>; target: string; format: string[] }[]

/**
 * `{ 'jest-reporter': 'src/runner/jest/reporter.ts', … }`: every file tsup builds as an ES module, by its name in
 * dist/ (what TypeScript resolves an `import` to; `auto` has a CommonJS source of its own too).
 */
const builtFrom = Object.assign({}, ...configs.filter((config) => config.format.includes('esm')).map((config) => config.entry)) as Record<string, string>

/**
 * `{ 'llm-cassettes/jest-reporter': 'jest-reporter', … }`: every import specifier the package exports to users, by
 * dist name (`llm-cassettes/secret-rules` is the package's own, required lazily from dist/, with no source path).
 */
const exported = Object.entries(manifest.exports)
  .filter(([, target]) => typeof target !== 'string' && 'import' in target)
  .map(
    ([path, target]) =>
      [`llm-cassettes${path.slice(1)}`, /^\.\/dist\/(.+)\.js$/.exec((target as { import: { default: string } }).import.default)![1]!] as const,
  )

describe('build settings agree with package.json', () => {
  test('tsup targets the oldest Node that engines accepts', () => {
    const oldest = /^>=\s*(\d+)/.exec(manifest.engines.node)?.[1]
    expect(oldest).toBeDefined()
    for (const config of configs) expect(config.target).toBe(`node${oldest}`)
  })

  test('tsconfig paths map every exported entry point to the source tsup builds it from', () => {
    expect(exported.length).toBeGreaterThanOrEqual(5)
    for (const [specifier, distName] of exported) {
      expect(builtFrom[distName], `${specifier}: no tsup entry named ${distName}`).toBeDefined()
      expect(tsconfig.compilerOptions.paths[specifier], specifier).toEqual([`./${builtFrom[distName]}`])
    }
  })
})
