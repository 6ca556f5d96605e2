import { cassetteArgument, CASSETTE_ARGUMENT_HELP } from '../cassette-argument.js'
import { UsageError, type Command } from '../command.js'
import { loadCassette } from '../load-cassette.js'
import { parseCommandArgs } from '../parse.js'
import { interactionTranscript } from '../transcript/interaction.js'

export const showCommand: Command = {
  name: 'show',
  summary: 'print a cassette as a readable transcript',
  help: `Usage: llm-cassettes show <cassette> [--dir <dir>] [--json]

Prints each interaction of the cassette: the endpoint and model, the messages sent (tool calls and their
results included), then the reply (a streamed reply joined into one text, tool calls, an error's status and
message) and the token usage.
${CASSETTE_ARGUMENT_HELP}

Options:
  --dir <dir>    the cassette directory <cassette> is relative to
  --json         print the raw interactions array instead
  -h, --help     show this help`,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, { json: { type: 'boolean' }, dir: { type: 'string' } })
    if (values.help) {
      io.out(this.help)
      return 0
    }
    const [argument, ...rest] = positionals
    if (argument === undefined || rest.length > 0) throw new UsageError('expected one <cassette>')
    const file = await cassetteArgument(argument, values.dir as string | undefined)
    const cassette = await loadCassette(file)
    if (values.json) {
      io.out(JSON.stringify(cassette.interactions, null, 2))
      return 0
    }
    io.out(`${file}: ${cassette.test}`)
    io.out(`${cassette.interactions.length} interaction(s)`)
    cassette.interactions.forEach((interaction, index) => {
      io.out('')
      io.out(interactionTranscript(interaction, index).join('\n'))
    })
    return 0
  },
}
