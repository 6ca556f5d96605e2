import { readFile, writeFile } from 'node:fs/promises'
import { expect } from 'vitest'
import { runCli } from '../../src/cli/main.js'
import { reportPathOf, type CassetteReport } from '../../src/report/report-file.js'
import type { FixtureProject } from '../support/fixture-project.js'

export const API_KEY = 'sk-test-lifecycle-0123456789'

/** The run's report file, as the reporter wrote it. */
export async function readReport(project: FixtureProject): Promise<CassetteReport> {
  return JSON.parse(await readFile(reportPathOf(project.path('cassettes')), 'utf8'))
}

/** Replaces the run's report, as a hand edit would. */
export async function writeReport(project: FixtureProject, report: unknown): Promise<void> {
  await writeFile(reportPathOf(project.path('cassettes')), JSON.stringify(report))
}

export async function interactionPrompts(project: FixtureProject, cassette: string): Promise<string[]> {
  const parsed = JSON.parse(await project.read(`cassettes/${cassette}`)) as { interactions: { request: { body: { messages: { content: string }[] } } }[] }
  return parsed.interactions.map((interaction) => interaction.request.body.messages[0]!.content)
}

/** The `Cassettes  …` line the reporter prints. */
export function summaryLineOf(output: string): string | undefined {
  return output.split('\n').find((line) => line.startsWith('Cassettes  '))
}

/** `llm-cassettes <argv>`, in process. */
export async function cli(...argv: string[]) {
  const out: string[] = []
  const err: string[] = []
  const code = await runCli(argv, { out: (text) => out.push(text), err: (text) => err.push(text) })
  return { code, out, err }
}

/**
 * After a complete run reported `<testFile>/one.json` obsolete and interaction 1 of `<testFile>/two.json` unused:
 * one.json is edited, so `prune` (and `--dry-run`) must skip it, naming it, and still trim two.json, once.
 */
export async function expectPruneToSkipAnEditedCassette(project: FixtureProject, testFile: string): Promise<void> {
  const [one, two] = [`${testFile}/one.json`, `${testFile}/two.json`]
  expect(await readReport(project)).toMatchObject({ complete: true, obsolete: [one], obsoleteInteractions: { [two]: [1] } })
  // Re-recorded or edited after the run: the report's verdict on it no longer holds.
  const edited = `${JSON.stringify(JSON.parse(await project.read(`cassettes/${one}`)), null, 4)}\n`
  await project.write(`cassettes/${one}`, edited)
  const skip = `skip ${one}: changed since the test run that reported it (run the tests again to check it)`
  const dir = project.path('cassettes')

  expect((await cli('prune', dir, '--dry-run')).out).toEqual([skip, `would remove 1 unused interaction (#2) from ${two}`, 'would prune 1 cassette(s)'])
  const pruned = await cli('prune', dir)
  expect(pruned.code).toBe(0)
  expect(pruned.out).toEqual([skip, `remove 1 unused interaction (#2) from ${two}`, 'pruned 1 cassette(s)'])
  expect(await project.read(`cassettes/${one}`)).toBe(edited)
  expect(await interactionPrompts(project, two)).toEqual(['two a'])
  // Still listed, still skipped; the trimmed file is not trimmed twice.
  expect(await readReport(project)).toMatchObject({ obsolete: [one], obsoleteInteractions: {}, summary: { obsolete: 1 } })
  expect((await cli('prune', dir)).out).toEqual([skip, 'nothing to prune'])
  expect(await interactionPrompts(project, two)).toEqual(['two a'])
}
