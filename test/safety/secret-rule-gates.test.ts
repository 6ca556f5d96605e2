import { createRequire } from 'node:module'
import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import type { SecretLintRuleCreator } from '@secretlint/types'
import { findKeyShapedSecret, keyShapedSecretFinder } from '../../src/safety/secret-guard.js'
import { RULE_GATES } from '../../src/safety/secret-rule-gates.js'
import { secretlintHits, type RuleHit } from '../../src/safety/secret-rules.js'
import { RULE_POSITIVES } from './support/rule-positives.js'

const { rules } = createRequire(import.meta.url)('llm-cassettes/secret-rules') as { rules: SecretLintRuleCreator[] }
const SCANNED = rules.filter((rule) => rule.meta.id !== '@secretlint/secretlint-rule-filter-comments')
const short = (ruleId: string) => ruleId.replace('@secretlint/secretlint-rule-', '')

/** What every rule reports in `text`, each run as secretlint runs it, with no gate: what the gated scan must equal. */
function ungatedHits(text: string): RuleHit[] {
  const hits: RuleHit[] = []
  const source = { content: text, hasBOM: false, contentType: 'text', ext: '', filePath: undefined, physicalFilePath: undefined }
  for (const rule of SCANNED) {
    const context = {
      sharedOptions: {},
      createTranslator: () => (messageId: string) => ({ message: messageId, messageId, data: undefined }),
      report: ({ message, range: [start, end] }: { message: { messageId: string }; range: [number, number] }) =>
        void hits.push({ ruleId: rule.meta.id, messageId: message.messageId, start, end }),
      ignore: () => undefined,
    }
    const options = rule.meta.id === '@secretlint/secretlint-rule-aws' ? { enableIDScanRule: true } : {}
    rule.create(context as never, options as never).file?.(source as never)
  }
  return hits
}

const prompt = (content: string) => ({ version: 1, test: 't', interactions: [{ request: { body: { messages: [{ role: 'user', content }] } } }] })

describe("each of secretlint's rules runs only where its gate matches, and finds all it found before", () => {
  test('every recommended rule has a gate', () => {
    expect(SCANNED.map((rule) => rule.meta.id).filter((id) => RULE_GATES[id] === undefined)).toEqual([])
  })

  test('no gate can match a line break, a double quote or a part of ": " (clean-texts.ts relies on it), and none keeps state', () => {
    for (const [id, gate] of Object.entries(RULE_GATES)) {
      // Only literal characters, escaped punctuation and classes of them: no `.`, `\s`-like class or negated class.
      expect(gate.source, id).not.toMatch(/(?<!\\)\.|\\[sSwWdDbBn]|\[\^|"|\(\?<?[=!](?!\))/)
      // Stateless: `test` with the g or y flag would start where the previous text's match ended.
      expect(gate.flags, id).toMatch(/^i?$/)
      for (const text of ['\n', '\r\n', '"', ':', ' ', ': ', '"key": "value"']) expect(gate.test(text), `${id} on ${JSON.stringify(text)}`).toBe(false)
    }
  })

  test.each(RULE_POSITIVES)('%s (%s): found without gates, with them, and by verify', (rule, messageId, key) => {
    const text = `use ${key} for it`
    const expected = ungatedHits(text)
    expect(expected.map((hit) => [short(hit.ruleId), hit.messageId])).toContainEqual([rule, messageId])
    expect(RULE_GATES[`@secretlint/secretlint-rule-${rule}`]!.test(text)).toBe(true)
    expect(secretlintHits(text)).toEqual(expected)
    // Among other segments, joined with blank lines as the guard scans them.
    const joined = `model\n\ngpt-4o-mini\n\n${text}\n\n"content": ${JSON.stringify(text)}\n\n`
    expect(secretlintHits(joined)).toEqual(ungatedHits(joined))
    const first = expected.sort((a, b) => a.start - b.start)[0]!
    const finder = keyShapedSecretFinder()
    expect(finder(prompt('hello'))).toBeUndefined()
    expect(finder(prompt(text))).toEqual({
      jsonPath: '$.interactions[0].request.body.messages[0].content',
      description: `a credential (secretlint: ${short(first.ruleId)}, ${first.messageId})`,
    })
  })

  test('a key the member text "key": "value" holds only once escaped is still found', () => {
    // JSON.stringify writes U+001D as \u001d: the member text then has `dapi…` where the value itself has none.
    const value = `\u001dapi${'0123456789abcdef'.repeat(2)}`
    const cassette = { body: { note: value } }
    expect(secretlintHits(value)).toEqual([])
    const hit = findKeyShapedSecret(cassette)
    expect(hit?.description).toBe('a credential (secretlint: databricks, DATABRICKS_PERSONAL_ACCESS_TOKEN)')
    expect(keyShapedSecretFinder()(cassette)).toEqual(hit)
  })
})

/** Pieces texts are made of: every gate's literals, pieces of real-shaped keys, characters JSON escapes. */
const FRAGMENTS = [
  ...RULE_POSITIVES.flatMap(([, , key]) => [key, key.slice(0, 6), key.slice(6)]),
  'sk-',
  `sk-${'a1B2'.repeat(6)}`,
  'Bearer ',
  'AIza',
  'eyJ',
  'JQQJ9',
  'account',
  'Secret',
  '_access_key',
  ': ',
  '=',
  '@',
  '://',
  'https://',
  'user:pass@',
  '\n',
  '\n\n',
  '"',
  '\\',
  '\u0000',
  '\u001d',
  '\ud800',
  'é',
  ' ',
  'x',
  '0',
  '-----',
]

const text = fc.array(fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ maxLength: 4 })), { maxLength: 8 }).map((parts) => parts.join(''))

/** A cassette-like value: texts as keys, values and stream chunks that may split a key across pieces. */
const cassette = fc
  .record({
    keys: fc.array(text, { maxLength: 4 }),
    values: fc.array(text, { maxLength: 4 }),
    pieces: fc.array(text, { maxLength: 5 }),
  })
  .map(({ keys, values, pieces }) => ({
    version: 1,
    test: 't',
    interactions: [
      {
        request: { body: Object.fromEntries(keys.map((key, i) => [key, values[i] ?? { nested: values }])) },
        response: { is_streaming: true, body: pieces.map((content) => ({ __type__: 'Chunk', __data__: { choices: [{ index: 0, delta: { content } }] } })) },
      },
    ],
  }))

/** As in fuzz-cassettes.test.ts: `LLM_CASSETTES_FUZZ_SEED=random` draws one, a number replays it, unset is fixed. */
const SETTING = process.env['LLM_CASSETTES_FUZZ_SEED']
const SEED = SETTING === 'random' ? Math.floor(Math.random() * 2 ** 31) : Number(SETTING) || 20_261_201

describe(`gated and remembered scans equal the full scan (fast-check, seed ${SEED})`, () => {
  test('secretlint with gates finds exactly what it finds without them', () => {
    fc.assert(
      fc.property(fc.array(text, { minLength: 1, maxLength: 6 }), (segments) => {
        const joined = `${segments.join('\n\n')}\n\n`
        expect(secretlintHits(joined)).toEqual(ungatedHits(joined))
      }),
      { seed: SEED, numRuns: 400 },
    )
  })

  test('one finder over many cassettes answers what findKeyShapedSecret answers for each', () => {
    const finder = keyShapedSecretFinder(['sk-aB3dE5fG7hJ9kL2mN4pQ6r'])
    fc.assert(
      fc.property(cassette, (value) => {
        expect(finder(value)).toEqual(findKeyShapedSecret(value, ['sk-aB3dE5fG7hJ9kL2mN4pQ6r']))
      }),
      { seed: SEED, numRuns: 400 },
    )
  })
})
