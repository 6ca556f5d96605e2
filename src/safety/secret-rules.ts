import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import type { SecretLintRuleContext, SecretLintRuleCreator, SecretLintSourceCode } from '@secretlint/types'
import { RULE_GATES } from './secret-rule-gates.js'

/** One credential a secretlint rule found: where in the scanned text, its rule and its message id (`GITHUB_TOKEN`, …). */
export interface RuleHit {
  ruleId: string
  messageId: string
  start: number
  end: number
}

/** A `secretlint-disable` comment inside a prompt or a reply must not switch the guard off. */
const LEFT_OUT = new Set(['@secretlint/secretlint-rule-filter-comments'])
/** AWS's access key id check is off by default; AWS's documented example key stays allowed. */
const OPTIONS: Record<string, object> = { '@secretlint/secretlint-rule-aws': { enableIDScanRule: true } }

interface Scanner {
  hits(text: string): RuleHit[]
  /** False only where no rule can report anything in `text` (RULE_GATES). */
  couldReport(text: string): boolean
}

/**
 * Runs each rule on the text through secretlint's published rule contract (`@secretlint/types`), synchronously:
 * every text rule reports before `file()` returns. Only the message id is kept: secretlint's messages quote the
 * secret itself. A rule runs only on a text its gate matches (RULE_GATES): skipping one that cannot match leaves
 * the hits as they were.
 */
function createScanner(rules: readonly SecretLintRuleCreator[]): Scanner {
  const scanners = rules
    .filter((rule) => !LEFT_OUT.has(rule.meta.id) && !rule.meta.supportedContentTypes.every((type) => type === 'binary'))
    .map((rule) => ({ rule, gate: RULE_GATES[rule.meta.id] }))
  const gates = scanners.map(({ gate }) => gate)
  // One pass for the common answer: a text that matches none of the gates even case-insensitively matches none.
  const anyGate = gates.every((gate) => gate !== undefined) ? new RegExp(gates.map((gate) => gate.source).join('|'), 'i') : undefined
  return {
    couldReport: (text) => anyGate === undefined || (anyGate.test(text) && gates.some((gate) => gate!.test(text))),
    hits: (text) => {
      const hits: RuleHit[] = []
      const source = {
        content: text,
        hasBOM: false,
        contentType: 'text',
        ext: '',
        filePath: undefined,
        physicalFilePath: undefined,
        getFilePath: () => undefined,
        getPhysicalFilePath: () => undefined,
      } as unknown as SecretLintSourceCode
      for (const { rule, gate } of scanners) {
        if (gate !== undefined && !gate.test(text)) continue
        const context: SecretLintRuleContext = {
          sharedOptions: {},
          createTranslator: (() => (messageId: string) => ({ message: messageId, messageId, data: undefined })) as never,
          report: ({ message, range: [start, end] }) => void hits.push({ ruleId: rule.meta.id, messageId: message.messageId, start, end }),
          ignore: () => undefined,
        }
        const pending = rule.create(context, (OPTIONS[rule.meta.id] ?? {}) as never).file?.(source)
        if (pending instanceof Promise) throw new Error(`secret rule ${rule.meta.id} scans asynchronously; llm-cassettes needs it synchronous`)
      }
      return hits
    },
  }
}

let scanner: Scanner | undefined

/**
 * The bundled rules: `secret-rules.cjs` beside the built code in `dist/`; from `src/` (this repository's own
 * tests), the package's built copy by its own name. `require` in both builds: Jest's CommonJS runtime refuses
 * `import()`.
 */
function loadRules(): SecretLintRuleCreator[] {
  const require = createRequire(import.meta.url)
  const beside = fileURLToPath(new URL('./secret-rules.cjs', import.meta.url))
  return (require(existsSync(beside) ? beside : 'llm-cassettes/secret-rules') as { rules: SecretLintRuleCreator[] }).rules
}

const loadedScanner = (): Scanner => (scanner ??= createScanner(loadRules()))

/**
 * Hits of secretlint's recommended rules in `text`. The rules load on first use, so a test that only replays
 * never pays for them.
 */
export function secretlintHits(text: string): RuleHit[] {
  return loadedScanner().hits(text)
}

/** False only where no recommended rule can report anything in `text`: then secretlintHits(text) is empty. */
export function secretlintCouldReport(text: string): boolean {
  return loadedScanner().couldReport(text)
}
