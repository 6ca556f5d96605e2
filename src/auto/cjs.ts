import { AUTO_SDKS, patchClientClass } from './patch-installed.js'

/**
 * `require('llm-cassettes/auto')` (Jest's `setupFiles`, CommonJS): records and replays every OpenAI and
 * Anthropic client created from then on, from the CommonJS copy of each SDK that is installed.
 */
for (const { module, clientClass, sdk } of AUTO_SDKS) {
  try {
    patchClientClass(require(module), clientClass, sdk)
  } catch {
    // Not installed.
  }
}

export { disableAutoWrap } from './patch-installed.js'
