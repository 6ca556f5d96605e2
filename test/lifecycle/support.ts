import type { FixtureProject } from '../support/fixture-project.js'

export const API_KEY = 'sk-test-lifecycle-0123456789'

/** The run's report file, as the reporter wrote it. */
export async function readReport(project: FixtureProject): Promise<{
  complete: boolean
  obsolete: string[]
  obsoleteInteractions: Record<string, number[]>
  summary: Record<string, number>
}> {
  return JSON.parse(await project.read('cassettes/.llm-cassettes-report.json'))
}

export async function interactionPrompts(project: FixtureProject, cassette: string): Promise<string[]> {
  const parsed = JSON.parse(await project.read(`cassettes/${cassette}`)) as { interactions: { request: { body: { messages: { content: string }[] } } }[] }
  return parsed.interactions.map((interaction) => interaction.request.body.messages[0]!.content)
}

/** The `Cassettes  …` line the reporter prints. */
export function summaryLineOf(output: string): string | undefined {
  return output.split('\n').find((line) => line.startsWith('Cassettes  '))
}
