import { resolve } from 'node:path'

/** The parts of node:test's reporter events this package reads (the same on Node 20, 22 and 24). */
export interface TestEvent {
  type: string
  data?: {
    name?: string
    nesting?: number
    /** Absolute path of the test file. */
    file?: string
    skip?: boolean | string
    todo?: boolean | string
    /** `type` is `'suite'` for suites (Node 22+ also says `'test'`). */
    details?: { type?: string }
  }
}

/** One test (not a suite) as the reporter saw it end. */
export interface ReportedTest {
  names: string[]
  occurrence: number
  state: 'passed' | 'failed' | 'other'
}

export interface ReportedFile {
  /** Absolute path. */
  path: string
  tests: ReportedTest[]
  /** The file failed as a whole (it did not load, or its process crashed): its tests are unknown. */
  failed: boolean
}

/**
 * The tests of each file from node:test's events. Events come in each file's declaration order, a test's
 * `test:start` before its subtests', so a stack by nesting level gives every test its suite chain; a test ends
 * with `test:pass` or `test:fail`. A file that fails as a whole ends with a nesting-0 event named after the file.
 */
export class ReportedTests {
  private readonly files = new Map<string, ReportedFile & { stack: string[]; seen: Map<string, number> }>()

  constructor(private readonly cwd: string) {}

  add(event: TestEvent): void {
    const { data } = event
    if (!data?.file || typeof data.name !== 'string' || typeof data.nesting !== 'number') return
    const file = this.fileOf(data.file)
    if (event.type === 'test:start' || event.type === 'test:enqueue') {
      if (event.type === 'test:start') file.stack.splice(data.nesting, Infinity, data.name)
      return
    }
    if (event.type !== 'test:pass' && event.type !== 'test:fail') return
    if (data.nesting === 0 && resolve(this.cwd, data.name) === data.file) {
      if (event.type === 'test:fail') file.failed = true
      return
    }
    if (data.details?.type === 'suite') return
    const names = [...file.stack.slice(0, data.nesting), data.name]
    const key = JSON.stringify(names)
    const occurrence = (file.seen.get(key) ?? 0) + 1
    file.seen.set(key, occurrence)
    const state = data.skip || data.todo ? 'other' : event.type === 'test:pass' ? 'passed' : 'failed'
    file.tests.push({ names, occurrence, state })
  }

  all(): ReportedFile[] {
    return [...this.files.values()].map(({ path, tests, failed }) => ({ path, tests, failed }))
  }

  private fileOf(path: string) {
    let file = this.files.get(path)
    if (!file) this.files.set(path, (file = { path, tests: [], failed: false, stack: [], seen: new Map() }))
    return file
  }
}
