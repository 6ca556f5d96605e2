// Built into dist/secret-rules.cjs with the rules themselves (see tsup.config.ts): secretlint ships ES modules
// only, which Jest's CommonJS runtime cannot load, so llm-cassettes carries the rules as CommonJS.
export { rules } from '@secretlint/secretlint-rule-preset-recommend'
