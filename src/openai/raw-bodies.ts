/** Non-JSON response bodies have no Python SDK class; these names mark them in a cassette. */
export const TEXT_TYPE = 'llm_cassettes.TextBody'
export const BINARY_TYPE = 'llm_cassettes.BinaryBody'
