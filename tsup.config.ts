import { defineConfig } from 'tsup'

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    auto: 'src/auto.ts',
    vitest: 'src/runner/vitest/plugin.ts',
    'vitest-setup': 'src/runner/vitest/setup.ts',
    jest: 'src/runner/jest/setup.ts',
  },
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'node18',
  shims: true,
  external: ['openai', 'vitest', 'vite'],
})
