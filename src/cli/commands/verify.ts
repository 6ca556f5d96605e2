import { cassetteDir, looksLikeCassette, forEachJsonFile, relativePath, parseJsonFile } from '../cassette-dir.js'
import { cassetteProblems } from '../cassette-problems.js'
import { UsageError, type Command } from '../command.js'
import { parseCommandArgs } from '../parse.js'
import { keyShapedSecretFinder } from '../../safety/secret-guard.js'

export const verifyCommand: Command = {
  name: 'verify',
  summary: 'check every cassette parses, has the right format and holds no secrets',
  help: `Usage: llm-cassettes verify [dir] [--allow <string>]...

Checks every cassette under [dir] (default: $LLM_CASSETTES_DIR, else ./cassettes), at any depth, for CI or
a pre-commit hook: that it parses and has the cassette format, that it holds no value an HTTP response
cannot have, that no string in it, and no text a stream sent in pieces, is shaped like a credential
(sk-…, Bearer …, Azure keys, and whatever secretlint's recommended rules recognise: AWS, GCP, GitHub,
Slack, npm, Anthropic, private keys, …), and that no request headers were recorded. Prints one line per
problem, "path: problem", and exits with 1 if there is any; otherwise prints "N cassettes OK".
A .json file that is not JSON, or has "interactions", is checked as a cassette; other JSON is skipped.

Options:
  --allow <string>  a key-shaped string known not to be a secret (repeat for more)
  -h, --help        show this help`,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, { allow: { type: 'string', multiple: true } })
    if (values.help) {
      io.out(this.help)
      return 0
    }
    if (positionals.length > 1) throw new UsageError('expected at most one [dir]')
    const findSecret = keyShapedSecretFinder(Array.isArray(values.allow) ? values.allow : [])
    const dir = cassetteDir(positionals[0])
    let checked = 0
    // Printed once every file is read: a file that cannot be read fails the command before any line, as it did
    // when every file was read first.
    const problems: string[] = []
    await forEachJsonFile(dir, (file) => {
      const value = parseJsonFile(file.bytes)
      // Unparseable JSON is most likely a damaged cassette, so it is checked rather than skipped.
      if (value !== undefined && !looksLikeCassette(value, false)) return
      checked += 1
      const shown = relativePath(process.cwd(), file.path)
      for (const problem of cassetteProblems(file.bytes, shown, findSecret, value)) problems.push(`${shown}: ${problem}`)
    })
    for (const line of problems) io.out(line)
    if (problems.length > 0) {
      io.err(`${problems.length} problem(s) in ${relativePath(process.cwd(), dir)}`)
      return 1
    }
    io.out(`${checked} cassette${checked === 1 ? '' : 's'} OK`)
    return 0
  },
}
