import type { SnapshotUpdateState } from '../../mode.js'

// The parts of Jest's per-file state this package reads, typed structurally: jest-circus 29 and 30 agree on
// them, and this package takes no dependency on Jest's types.

export interface CircusDescribeBlock {
  type: 'describeBlock'
  name: string
  parent?: CircusDescribeBlock
  children: (CircusDescribeBlock | CircusTest)[]
  /** In the order they were defined; Jest reads `fn` when it calls the hook. */
  hooks: CircusHook[]
}

export interface CircusHook {
  type: 'beforeAll' | 'afterAll' | 'beforeEach' | 'afterEach'
  fn: (this: unknown, ...args: unknown[]) => unknown
}

export interface CircusTest {
  type: 'test'
  name: string
  parent: CircusDescribeBlock
  concurrent: boolean
  /** What the current attempt has thrown so far (the test body, its hooks); empty while it passes. */
  errors: unknown[]
}

interface CircusState {
  currentlyRunningTest: CircusTest | null
  rootDescribeBlock: CircusDescribeBlock
}

export interface JestExpectState {
  /** Absolute path of the test file. */
  testPath?: string
  snapshotState?: { _updateSnapshot?: SnapshotUpdateState; _rootDir?: string }
  /** Jest 29: set only inside `test.concurrent` tests. Jest 30: set inside every test. */
  currentConcurrentTestName?: () => string | undefined
  /** Jest 30: the test whose code is running, even across concurrent tests. */
  currentTestIdentity?: () => CircusTest | undefined
}

/** jest-circus keeps its state on the test environment's global under a private `Symbol('JEST_STATE_SYMBOL')`. */
function circusState(): CircusState | undefined {
  const key = Object.getOwnPropertySymbols(globalThis).find((symbol) => symbol.description === 'JEST_STATE_SYMBOL')
  return key === undefined ? undefined : (globalThis as unknown as Record<symbol, CircusState>)[key]
}

export function runningTest(): CircusTest | undefined {
  return circusState()?.currentlyRunningTest ?? undefined
}

export function rootDescribeBlock(): CircusDescribeBlock | undefined {
  return circusState()?.rootDescribeBlock
}

export function expectState(): JestExpectState {
  const expect = (globalThis as { expect?: { getState(): JestExpectState } }).expect
  return expect?.getState() ?? {}
}
