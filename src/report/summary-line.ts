import type { RunSummary } from './report-file.js'

const count = (n: number) => n.toLocaleString('en-US')

/** `Cassettes  12 replayed · 2 recorded · 1 obsolete · 0 missing  (38 live calls and 41,230 tokens saved)` */
export function summaryLine(summary: RunSummary): string {
  const parts = [
    `${count(summary.replayed)} replayed`,
    `${count(summary.recorded)} recorded`,
    `${count(summary.obsolete)} obsolete`,
    `${count(summary.missing)} missing`,
  ]
  if (summary.removed > 0) parts.push(`${count(summary.removed)} removed`)
  if (summary.failedTestsKeptRecordings > 0) {
    const tests = summary.failedTestsKeptRecordings === 1 ? 'failed test kept its recording' : 'failed tests kept their recordings'
    parts.push(`${count(summary.failedTestsKeptRecordings)} ${tests}`)
  }
  const calls = summary.liveCallsSaved === 1 ? 'live call' : 'live calls'
  return `Cassettes  ${parts.join(' · ')}  (${count(summary.liveCallsSaved)} ${calls} and ${count(summary.tokensSaved)} tokens saved)`
}
