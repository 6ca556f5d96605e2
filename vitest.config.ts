import { cassettes } from 'llm-cassettes/vitest'
import { defineConfig } from 'vitest/config'

const TIMEOUTS = { testTimeout: 120_000, hookTimeout: 120_000 }

export default defineConfig({
  test: {
    reporters: ['default', './test/support/corpus-skip-reporter.ts'],
    projects: [
      {
        test: {
          name: 'tests',
          include: ['test/**/*.test.ts'],
          exclude: ['test/fixtures/**', 'test/recorded/**', 'test/real-server/**', '**/node_modules/**'],
          ...TIMEOUTS,
        },
      },
      {
        // Against llama.cpp's llama-server, built by scripts/llama-server/setup.sh: `npm run test:real-server`.
        test: { name: 'real-server', include: ['test/real-server/**/*.test.ts'], ...TIMEOUTS },
      },
      {
        // The project's own recorded suite, through the built package as users load it: its cassettes replay in
        // every run (`npm test` has no server) unless LLM_CASSETTES_MODE says otherwise (`npm run test:real-server`).
        plugins: [cassettes({ normalizeIds: true, ...(process.env.LLM_CASSETTES_MODE ? {} : { mode: 'replay' }) })],
        test: { name: 'recorded', include: ['test/recorded/**/*.test.ts'], ...TIMEOUTS },
      },
    ],
  },
})
