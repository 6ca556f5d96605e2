import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { readCassetteFile } from '../cassette/store.js'
import type { Interaction } from '../cassette/types.js'
import { CassetteError } from '../errors.js'
import { llamaStackFileName } from '../cassette/request-hash.js'

export interface ExportResult {
  /** Files written, in interaction order. */
  written: string[]
  /** Interactions not written because an earlier one has the same request (llama-stack keeps one per request). */
  collapsed: number[]
}

/** llama-stack stores a model list as `POST /v1/models {}`; the TypeScript SDK lists models with a GET. */
function asLlamaStackRecording(interaction: Interaction): Interaction {
  const { request } = interaction
  if (request.method === 'GET' && request.endpoint === '/v1/models') {
    return { ...interaction, request: { ...request, method: 'POST', body: {} } }
  }
  return interaction
}

/**
 * Writes each interaction of a cassette as one llama-stack recording in the Aug 2025 layout:
 * `<dir>/<hash12>.json`, named by llama-stack's own request hash, holding exactly the interaction's keys.
 */
export async function exportToLlamaStack(cassettePath: string, dir: string): Promise<ExportResult> {
  const cassette = readCassetteFile(cassettePath)
  if (!cassette) throw new CassetteError(`cannot read cassette ${cassettePath}: it does not exist`, { code: 'ERR_NOT_A_CASSETTE', cassettePath })
  await mkdir(dir, { recursive: true })
  const result: ExportResult = { written: [], collapsed: [] }
  for (const [index, interaction] of cassette.interactions.entries()) {
    const recording = asLlamaStackRecording(interaction)
    const file = join(dir, llamaStackFileName(recording.request))
    if (result.written.includes(file)) {
      result.collapsed.push(index)
      continue
    }
    await writeFile(file, `${JSON.stringify(recording, null, 2)}\n`)
    result.written.push(file)
  }
  return result
}
