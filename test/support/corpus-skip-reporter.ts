import type { Reporter, TestModule } from 'vitest/node'
import { corpusSkipLine, FULL_CORPUS_LABEL } from '../llama-stack/corpus.js'

/** Prints one line at the end of a run that skipped tests over the full llama-stack corpus: how many, and how to run them. */
export default class CorpusSkipReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    let skipped = 0
    for (const module of testModules) {
      for (const test of module.children.allTests('skipped')) if (test.fullName.startsWith(`${FULL_CORPUS_LABEL} > `)) skipped += 1
    }
    if (skipped > 0) console.log(corpusSkipLine(skipped))
  }
}
