import { execFileSync } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import type { Interaction } from '../../src/cassette/types.js'
import { chatJson, chatStream, cli, interaction, toolConversation, writeCassette, writeJson } from './helpers.js'

const answer = (prompt: string, reply: string, tokens: number): Interaction =>
  interaction(
    '/v1/chat/completions',
    { model: 'gpt-4o-mini', messages: [{ role: 'user', content: prompt }] },
    {
      id: 'chatcmpl-x',
      object: 'chat.completion',
      choices: [{ index: 0, message: { role: 'assistant', content: reply }, finish_reason: 'stop' }],
      usage: { prompt_tokens: tokens, completion_tokens: 2, total_tokens: tokens + 2 },
    },
  )

describe('llm-cassettes diff', () => {
  let repo: string
  let dir: string
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: repo, encoding: 'utf8' })

  beforeEach(async () => {
    repo = await mkdtemp(join(tmpdir(), 'llm-cassettes-diff-'))
    dir = join(repo, 'cassettes')
    git('init', '-q')
    await writeCassette(dir, 'chat.test.ts/chat › answers.json', 'chat.test.ts > chat > answers', [chatJson])
    await writeCassette(dir, 'chat.test.ts/chat › loop.json', 'chat.test.ts > chat > loop', [answer('one', 'Echo: one', 3), ...toolConversation])
    await writeCassette(dir, 'chat.test.ts/old.json', 'chat.test.ts > old', [chatStream])
    await writeJson(dir, 'notes.json', '{ "note": "not a cassette" }\n')
    git('add', '-A')
    git('commit', '-q', '-m', 'recorded')
  })
  afterEach(() => rm(repo, { recursive: true, force: true }))

  test('nothing changed: says so, exit 0', async () => {
    expect(await cli('diff', '--dir', dir)).toEqual({ code: 0, out: 'no cassette changed', err: '' })
  })

  test('changed, new and deleted cassettes as transcripts; calls added before others do not make them look changed; exit 1', async () => {
    // The first call's prompt and answer changed, and a call was added before the tool conversation.
    await writeCassette(dir, 'chat.test.ts/chat › loop.json', 'chat.test.ts > chat > loop', [
      answer('one, again', 'Echo: one, again', 4),
      answer('new', 'Echo: new', 1),
      ...toolConversation,
    ])
    await writeCassette(dir, 'chat.test.ts/new test.json', 'chat.test.ts > new test', [answer('hi', 'Echo: hi', 1)])
    await rm(join(dir, 'chat.test.ts/old.json'))
    await writeJson(dir, 'notes.json', '{ "note": "changed, still not a cassette" }\n')

    const { code, out } = await cli('diff', '--dir', dir)
    expect(code).toBe(1)
    expect(out).toBe(
      [
        'modified  chat.test.ts/chat › loop.json  2 of 4 interaction(s) changed (3 → 4)',
        '  test: chat.test.ts > chat > loop',
        '  #1 POST /v1/chat/completions (model gpt-4o-mini)',
        '  - user: one',
        '  - assistant: Echo: one',
        '  - usage: 3 prompt, 2 completion, 5 total tokens',
        '  + user: one, again',
        '  + assistant: Echo: one, again',
        '  + usage: 4 prompt, 2 completion, 6 total tokens',
        '  #2 POST /v1/chat/completions (model gpt-4o-mini) (new)',
        '  + user: new',
        '  + assistant: Echo: new',
        '  + usage: 1 prompt, 2 completion, 3 total tokens',
        '',
        'added     chat.test.ts/new test.json  1 interaction(s)',
        '  test: chat.test.ts > new test',
        '  #1 POST /v1/chat/completions (model gpt-4o-mini) (new)',
        '  + user: hi',
        '  + assistant: Echo: hi',
        '  + usage: 1 prompt, 2 completion, 3 total tokens',
        '',
        'deleted   chat.test.ts/old.json  1 interaction(s)',
        '  test: chat.test.ts > old',
        '  #1 POST /v1/chat/completions (model gpt-4o-mini) (removed)',
        '  - user: Count to three',
        '  - assistant (streamed, 5 chunks): One, two, three.',
        '  - usage: 9 prompt, 6 completion, 15 total tokens',
        '3 cassette(s) changed',
      ].join('\n'),
    )
    expect((await cli('diff', '--dir', dir, '--stat')).out).toBe(
      [
        'modified  chat.test.ts/chat › loop.json  2 of 4 interaction(s) changed (3 → 4)',
        'added     chat.test.ts/new test.json  1 interaction(s)',
        'deleted   chat.test.ts/old.json  1 interaction(s)',
        '3 cassette(s) changed',
      ].join('\n'),
    )
  })

  test('a tool call that changed shows as the tool call and its result, before and after', async () => {
    const [ask, reply] = toolConversation as [Interaction, Interaction]
    const changed = structuredClone(reply)
    ;(changed.request.body as { messages: { content: string | null }[] }).messages[2]!.content = '25°C and cloudy'
    await writeCassette(dir, 'chat.test.ts/chat › loop.json', 'chat.test.ts > chat > loop', [answer('one', 'Echo: one', 3), ask, changed])
    const { code, out } = await cli('diff', '--dir', dir)
    expect(code).toBe(1)
    expect(out).toContain(
      [
        '  #3 POST /v1/chat/completions (model gpt-4o)',
        '    user: Weather in Paris?',
        '    assistant: → tool get_weather({"city":"Paris"})',
        '  - tool result (call_1): 18°C and sunny',
        '  + tool result (call_1): 25°C and cloudy',
      ].join('\n'),
    )
  })

  test('against an older ref; only ids changed; a bad ref or no repository is exit 2', async () => {
    const first = git('rev-parse', 'HEAD').trim()
    const renamed = structuredClone(chatJson)
    ;(renamed.response.body as { __data__: { id: string } }).__data__.id = 'chatcmpl-other'
    await writeCassette(dir, 'chat.test.ts/chat › answers.json', 'chat.test.ts > chat > answers', [renamed])
    git('commit', '-q', '-am', 'ids')
    expect((await cli('diff', first, '--dir', dir)).out).toBe(
      [
        'modified  chat.test.ts/chat › answers.json  1 interaction(s), transcripts unchanged',
        '  test: chat.test.ts > chat > answers',
        '  (only ids, timings or other recorded fields changed, not what was sent or answered)',
        '1 cassette(s) changed',
      ].join('\n'),
    )
    expect((await cli('diff', '--dir', dir)).code).toBe(0)
    const bad = await cli('diff', 'no-such-branch', '--dir', dir)
    expect(bad.code).toBe(2)
    expect(bad.err).toContain('"no-such-branch" is not a commit of the repository at')
    const outside = await mkdtemp(join(tmpdir(), 'llm-cassettes-nogit-'))
    try {
      const none = await cli('diff', '--dir', outside)
      expect(none.code).toBe(2)
      expect(none.err).toContain('is not inside a git repository')
    } finally {
      await rm(outside, { recursive: true, force: true })
    }
  })
})
