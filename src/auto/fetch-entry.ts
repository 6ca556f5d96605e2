import { enableAutoFetch } from './auto-fetch.js'

/**
 * `import 'llm-cassettes/auto-fetch'` (or `setupFiles: ['llm-cassettes/auto-fetch']`): calls made with
 * `globalThis.fetch` to the well-known LLM API hosts, or to the project's `fetchHosts`, are recorded and replayed
 * through the current test's cassette, for SDKs that take no `fetch` option. Other traffic is not touched.
 */
enableAutoFetch()

export { disableAutoFetch } from './auto-fetch.js'
