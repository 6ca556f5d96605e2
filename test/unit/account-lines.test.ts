import { describe, expect, test } from 'vitest'
import { accountLines, type RunAccount } from '../../src/report/end-of-run.js'
import { unusedInteractions } from '../../src/report/unused-interactions.js'

const SUMMARY = { replayed: 0, recorded: 0, obsolete: 1, missing: 0, liveCallsSaved: 0, tokensSaved: 0, failedTestsKeptRecordings: 0, removed: 0 }

describe('unused interactions, as the end-of-run lines and prune print them', () => {
  test('numbered from 1, with the count and its plural right', () => {
    expect(unusedInteractions([0])).toBe('1 unused interaction (#1)')
    expect(unusedInteractions([0, 2])).toBe('2 unused interactions (#1, #3)')
  })

  test('one unused first interaction is "1 unused interaction (#1)", listed and when -u removes it', () => {
    const account: RunAccount = {
      summary: SUMMARY,
      obsolete: { files: [], interactions: new Map([['/project/cassettes/chat.test.ts/answers.json', [0]]]) },
      removals: [{ path: '/project/cassettes/chat.test.ts/other.json', action: 'trimmed', interactions: [0] }],
    }
    expect(accountLines(account, '/project', 'vitest -u')).toEqual([
      ' Obsolete cassettes: 1 (`vitest -u` or `npx llm-cassettes prune` removes them)',
      '   cassettes/chat.test.ts/answers.json  1 unused interaction (#1)',
      ' Cassettes: removed 1 unused interaction (#1) from cassettes/chat.test.ts/other.json',
    ])
  })
})
