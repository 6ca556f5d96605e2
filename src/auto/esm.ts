import { createRequire } from 'node:module'
import { AUTO_SDKS, patchClientClass } from './patch-installed.js'

/**
 * `import 'llm-cassettes/auto'` (in a setup file) records and replays every OpenAI and Anthropic client created
 * from then on, without `wrapOpenAI`/`wrapAnthropic`: the code under test can create its own clients. An SDK that
 * is not installed is skipped. ESM and CommonJS load separate copies of an SDK, so both are patched.
 */
const require = createRequire(import.meta.url)
for (const { module, clientClass, sdk } of AUTO_SDKS) {
  patchClientClass(await import(module).catch(() => undefined), clientClass, sdk)
  try {
    patchClientClass(require(module), clientClass, sdk)
  } catch {
    // No CommonJS build of it can be loaded from here: only the ESM copy is in use.
  }
}

export { disableAutoWrap } from './patch-installed.js'
