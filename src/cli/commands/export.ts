import { relative } from 'node:path'
import { exportToLlamaStack } from '../../llama-stack/export.js'
import { cassetteArgument, CASSETTE_ARGUMENT_HELP } from '../cassette-argument.js'
import { UsageError, type Command } from '../command.js'
import { parseCommandArgs } from '../parse.js'

export const exportCommand: Command = {
  name: 'export',
  summary: "write a cassette's interactions as llama-stack recordings",
  help: `Usage: llm-cassettes export --llama-stack <cassette> <dir> [--dir <cassette dir>]

Writes one llama-stack recording per interaction of the cassette into <dir>, in llama-stack's Aug 2025
layout: <dir>/<hash12>.json, named by llama-stack's own request hash (point <dir> at a
recordings/responses folder). Identical requests collapse into one file, as in llama-stack.
${CASSETTE_ARGUMENT_HELP}

Options:
  --llama-stack  the target format (required; the only one)
  --dir <dir>    the cassette directory <cassette> is relative to
  -h, --help     show this help`,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, { 'llama-stack': { type: 'boolean' }, dir: { type: 'string' } })
    if (values.help) {
      io.out(this.help)
      return 0
    }
    if (!values['llama-stack']) throw new UsageError('--llama-stack is required')
    const [argument, dir, ...rest] = positionals
    if (argument === undefined || dir === undefined || rest.length > 0) throw new UsageError('expected <cassette> <dir>')
    const result = await exportToLlamaStack(await cassetteArgument(argument, values.dir as string | undefined), dir)
    for (const file of result.written) io.out(`wrote ${relative(process.cwd(), file) || file}`)
    if (result.collapsed.length > 0) {
      io.out(`${result.collapsed.length} interaction(s) repeat an earlier request and share its file: #${result.collapsed.map((i) => i + 1).join(', #')}`)
    }
    io.out(`exported ${result.written.length} recording(s) to ${dir}`)
    return 0
  },
}
