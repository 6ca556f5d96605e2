import { CassetteError } from '../errors.js'
import { currentSession } from './current.js'

/**
 * Points the current test at `<cassettes dir>/<name>.json` instead of its own cassette, so several tests can
 * share one recording. Call it inside the test before its first API call. `/` separates folders; the name
 * is made safe like a test name and never leads outside the cassettes folder.
 */
export function useCassette(name: string): void {
  const session = currentSession()
  if (!session) {
    throw new CassetteError(`useCassette(${JSON.stringify(name)}) was called outside a test; call it inside the test, before its first API call.`, {
      code: 'ERR_CASSETTE_NO_TEST',
    })
  }
  session.useCassette(name)
}
