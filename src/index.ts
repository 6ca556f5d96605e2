export { wrapOpenAI, unwrapOpenAI } from './openai/wrap.js'
export { CassetteError, CassetteMissError, CassetteSecretError } from './errors.js'
export { MODES, MODE_ENV_VAR, type Mode } from './mode.js'
export type { Cassette, Interaction, RecordedRequest, RecordedResponse, TypedValue } from './cassette/types.js'
