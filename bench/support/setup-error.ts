/** A benchmark that could not be set up (no server, port busy, corpus missing): the run prints no table. */
export class BenchSetupError extends Error {
  override name = 'BenchSetupError'
}

/** Runs a setup step; any failure becomes a BenchSetupError that says what could not be set up. */
export async function setUp<T>(what: string, step: () => Promise<T> | T): Promise<T> {
  try {
    return await step()
  } catch (error) {
    throw new BenchSetupError(`${what}: ${(error as Error).message}`, { cause: error })
  }
}
