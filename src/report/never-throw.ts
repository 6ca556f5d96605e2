import { join } from 'node:path'
import { unwritableReason } from '../cassette/writable-folder.js'

/**
 * Runs a reporter's end-of-run work so that it never throws into the runner (which would print a stack and
 * may fail the run after the fact): a cassette folder that cannot be written, or any other problem, becomes one
 * line, `llm-cassettes: no end-of-run report: <why>`.
 */
export async function reportingSafely(dirs: readonly string[], work: () => Promise<void>, print: (line: string) => void): Promise<void> {
  for (const dir of dirs) {
    const reason = unwritableReason(join(dir, 'cassette.json'))
    if (reason !== undefined) return print(`llm-cassettes: no end-of-run report: ${reason} (the cassette folder)`)
  }
  try {
    await work()
  } catch (error) {
    print(`llm-cassettes: no end-of-run report: ${error instanceof Error ? error.message : String(error)}`)
  }
}
