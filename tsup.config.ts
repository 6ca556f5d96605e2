import { defineConfig, type Options } from 'tsup'

const shared: Options = {
  sourcemap: true,
  // The oldest Node that package.json `engines` accepts.
  target: 'node20',
  external: ['openai', '@anthropic-ai/sdk', 'vitest', 'vite'],
  // Keep `node:` in imports: `node:test` has no name without it.
  removeNodeProtocol: false,
  // `import.meta.url` in CommonJS output (src/util/load-on-use.ts requires what replay does not need on first use):
  // without the shim it is undefined there, and the CommonJS `llm-cassettes/auto` (built below, apart) failed to load.
  shims: true,
  // Bundled (a dev dependency): every replay needs it, and `require`d from node_modules it cost a fresh ES-module
  // process ~4 ms, most of it Node's CommonJS loader starting up (src/cassette/stable-json.ts).
  noExternal: ['safe-stable-stringify'],
}

export default defineConfig([
  {
    ...shared,
    entry: {
      index: 'src/index.ts',
      'auto-fetch': 'src/auto/fetch-entry.ts',
      jest: 'src/runner/jest/setup.ts',
      'jest-reporter': 'src/runner/jest/reporter.ts',
      'node-test': 'src/runner/node-test/setup.ts',
      'node-test-reporter': 'src/runner/node-test/reporter.ts',
      serve: 'src/serve/index.ts',
      vitest: 'src/runner/vitest/plugin.ts',
      'vitest-setup': 'src/runner/vitest/setup.ts',
    },
    format: ['esm', 'cjs'],
    // Each entry one whole file, in ESM as in CommonJS (which tsup never splits): a fresh ES-module loader pays
    // ~0.7 ms per file it resolves, reads and links, and shared chunks made a replaying Vitest worker load 12 files
    // (the setup file's and the entry's), a fresh `import('llm-cassettes')` 4. Entries loaded in one process share
    // their state through registered symbols, as the CommonJS build always needed (src/session/current.ts, errors.ts).
    splitting: false,
    dts: true,
  },
  // `llm-cassettes/auto` loads whichever SDKs are installed: with a top-level `await import()` in ESM (which
  // CommonJS cannot have), with `require` in CommonJS. Hence one source per format.
  { ...shared, entry: { auto: 'src/auto/esm.ts' }, format: ['esm'], dts: true },
  { ...shared, entry: { auto: 'src/auto/cjs.ts' }, format: ['cjs'], dts: true },
  {
    ...shared,
    // secretlint's recommended rules, bundled: secretlint ships ES modules only, and Jest's CommonJS runtime cannot
    // load those. Loaded on the first cassette write (src/safety/secret-rules.ts), never at import.
    entry: { 'secret-rules': 'src/safety/secret-rules-bundle.ts' },
    format: ['cjs'],
    noExternal: [/^@secretlint\//],
    sourcemap: false,
    banner: { js: '/*! Rules from @secretlint/secretlint-rule-preset-recommend (MIT License, (c) azu), bundled by llm-cassettes */' },
  },
  {
    ...shared,
    // The `llm-cassettes` executable: ESM only, with a shebang.
    entry: { cli: 'src/cli/bin.ts' },
    format: ['esm'],
    banner: { js: '#!/usr/bin/env node' },
  },
])
