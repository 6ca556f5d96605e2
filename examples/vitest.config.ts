import { defineConfig } from 'vitest/config'
import { cassettes } from 'llm-cassettes/vitest'

export default defineConfig({
  plugins: [cassettes()],
})
