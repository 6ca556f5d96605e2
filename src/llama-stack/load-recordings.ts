import type { Interaction } from '../cassette/types.js'
import { CassetteError } from '../errors.js'
import { canonicalFromRecorded } from '../match/canonical.js'
import { requestLabel } from '../util/request-label.js'
import { asInteraction, isModelList } from './as-interaction.js'
import { modelsUnion } from './models-union.js'
import { readRecording } from './recording.js'
import { recordingFiles } from './recording-files.js'

export interface ReplayableRecording {
  /** The file it came from; for the merged model list, the first model-list file. */
  file: string
  interaction: Interaction
}

/** Requests recorded more than once with different responses. */
export interface DuplicateRequest {
  /** e.g. `POST /v1/chat/completions (model llama3.2:3b)` */
  request: string
  /** The order replay serves them in: one per call, the last one again once all were served. */
  files: string[]
}

export interface LoadedRecordings {
  dirs: string[]
  /** In the order of the directories given, then of file paths; every model list merged into one `GET /v1/models`. */
  replayable: ReplayableRecording[]
  /** How many model-list files were merged. */
  modelListFiles: number
  /** Read fine but not HTTP requests (tool invocations, file processing, Gemini interactions): never matched. */
  notReplayable: string[]
  /** Files that are not valid JSON or lack `request`/`response`; the others still load. */
  problems: CassetteError[]
  duplicates: DuplicateRequest[]
}

function findDuplicates(replayable: readonly ReplayableRecording[]): DuplicateRequest[] {
  const byKey = new Map<string, ReplayableRecording[]>()
  for (const entry of replayable) {
    const key = canonicalFromRecorded(entry.interaction.request).key
    byKey.set(key, [...(byKey.get(key) ?? []), entry])
  }
  return [...byKey.values()]
    .filter((group) => new Set(group.map((entry) => JSON.stringify(entry.interaction.response))).size > 1)
    .map((group) => ({ request: requestLabel(group[0]!.interaction.request), files: group.map((entry) => entry.file) }))
}

/** Reads every recording under the directories. A missing directory throws; a broken file is reported, not thrown. */
export async function loadRecordings(dirs: readonly string[]): Promise<LoadedRecordings> {
  const files = (await Promise.all(dirs.map(recordingFiles))).flat()
  const replayable: ReplayableRecording[] = []
  const modelLists: ReplayableRecording[] = []
  const notReplayable: string[] = []
  const problems: CassetteError[] = []
  for (const file of files) {
    let interaction: Interaction | undefined
    try {
      interaction = asInteraction(await readRecording(file))
    } catch (error) {
      if (!(error instanceof CassetteError)) throw error
      problems.push(error)
      continue
    }
    if (!interaction) notReplayable.push(file)
    else (isModelList(interaction) ? modelLists : replayable).push({ file, interaction })
  }
  const models = modelsUnion(modelLists.map((entry) => entry.interaction))
  if (models) replayable.push({ file: modelLists[0]!.file, interaction: models })
  return {
    dirs: [...dirs],
    replayable,
    modelListFiles: modelLists.length,
    notReplayable,
    problems,
    duplicates: findDuplicates(replayable),
  }
}
