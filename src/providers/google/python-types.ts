/**
 * The Python `google-genai` SDK's class for each Gemini API response, so Python suites read the same cassette.
 * Its models take the camelCase JSON the API sends as it is (`populate_by_name`, camelCase aliases).
 */
export const GENERATE_CONTENT_RESPONSE = 'google.genai.types.GenerateContentResponse'

/** By the method after the model in the path (`models/{model}:{method}`). */
export const BODY_TYPES: Readonly<Record<string, string>> = {
  generateContent: GENERATE_CONTENT_RESPONSE,
  embedContent: 'google.genai.types.SingleEmbedContentResponse',
  batchEmbedContents: 'google.genai.types.EmbedContentResponse',
  countTokens: 'google.genai.types.CountTokensResponse',
}

/** The Python SDK raises `ClientError` for 4xx and `ServerError` for 5xx (both `google.genai.errors.APIError`). */
export function googleErrorType(status: number): string {
  if (status >= 500) return 'ServerError'
  return status >= 400 ? 'ClientError' : 'APIError'
}
