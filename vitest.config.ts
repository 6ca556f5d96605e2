import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/fixtures/**', '**/node_modules/**'],
    reporters: ['default', './test/support/corpus-skip-reporter.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
})
