import { defineConfig, type Options } from 'tsup'

const shared: Options = {
  sourcemap: true,
  // The oldest Node that package.json `engines` accepts.
  target: 'node20',
  external: ['openai', 'vitest', 'vite'],
}

export default defineConfig([
  {
    ...shared,
    entry: {
      index: 'src/index.ts',
      auto: 'src/auto.ts',
      jest: 'src/runner/jest/setup.ts',
      'jest-reporter': 'src/runner/jest/reporter.ts',
      vitest: 'src/runner/vitest/plugin.ts',
      'vitest-setup': 'src/runner/vitest/setup.ts',
    },
    format: ['esm', 'cjs'],
    dts: true,
    shims: true,
  },
  {
    ...shared,
    // The `llm-cassettes` executable: ESM only, with a shebang.
    entry: { cli: 'src/cli/bin.ts' },
    format: ['esm'],
    banner: { js: '#!/usr/bin/env node' },
  },
])
