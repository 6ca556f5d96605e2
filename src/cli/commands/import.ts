import { importFromLlamaStack } from '../../llama-stack/import.js'
import { UsageError, type Command } from '../command.js'
import { parseCommandArgs } from '../parse.js'

export const importCommand: Command = {
  name: 'import',
  summary: 'write llama-stack recordings into one cassette',
  help: `Usage: llm-cassettes import --llama-stack <dir>... <cassette.json> [--test <name>] [--force]

Reads every llama-stack recording under the directories (either layout, any depth) and writes the ones the
openai SDK can replay into one cassette; model lists are merged into one models.list() response. Recordings
of other providers (Ollama, Vertex, tool calls) are listed as skipped; broken files are reported.

Options:
  --llama-stack   the source format (required; the only one)
  --test <name>   the cassette's "test" field (default: "imported from <dir>")
  --force         replace an existing cassette
  -h, --help      show this help`,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, {
      'llama-stack': { type: 'boolean' },
      test: { type: 'string' },
      force: { type: 'boolean' },
    })
    if (values.help) {
      io.out(this.help)
      return 0
    }
    if (!values['llama-stack']) throw new UsageError('--llama-stack is required')
    if (positionals.length < 2) throw new UsageError('expected <dir>... <cassette.json>')
    const dirs = positionals.slice(0, -1)
    const cassette = positionals.at(-1)!
    const loaded = await importFromLlamaStack(dirs, cassette, {
      ...(typeof values.test === 'string' ? { test: values.test } : {}),
      force: values.force === true,
    })
    for (const file of loaded.notReplayable) io.out(`skipped (not an HTTP request the openai SDK sends): ${file}`)
    for (const problem of loaded.problems) io.err(problem.message)
    for (const duplicate of loaded.duplicates) {
      io.out(`${duplicate.request} is recorded ${duplicate.files.length} times with different responses; kept in this order: ${duplicate.files.join(', ')}`)
    }
    const models = loaded.modelListFiles > 1 ? ` (${loaded.modelListFiles} model lists merged into one)` : ''
    io.out(`imported ${loaded.replayable.length} interaction(s) into ${cassette}${models}`)
    return loaded.problems.length > 0 ? 1 : 0
  },
}
