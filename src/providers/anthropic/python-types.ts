/**
 * The Python `anthropic` SDK's class for each response shape, so Python suites read the same cassette.
 * Objects are recognised by their `type` field; anything not listed is stored as plain JSON.
 */
export const BODY_TYPES: Readonly<Record<string, string>> = {
  message: 'anthropic.types.message.Message',
  model: 'anthropic.types.model_info.ModelInfo',
  message_batch: 'anthropic.types.messages.message_batch.MessageBatch',
  message_batch_deleted: 'anthropic.types.messages.deleted_message_batch.DeletedMessageBatch',
}

/** Stream events (`ping` and `error` have no class of their own and stay plain). */
export const EVENT_TYPES: Readonly<Record<string, string>> = {
  message_start: 'anthropic.types.raw_message_start_event.RawMessageStartEvent',
  message_delta: 'anthropic.types.raw_message_delta_event.RawMessageDeltaEvent',
  message_stop: 'anthropic.types.raw_message_stop_event.RawMessageStopEvent',
  content_block_start: 'anthropic.types.raw_content_block_start_event.RawContentBlockStartEvent',
  content_block_delta: 'anthropic.types.raw_content_block_delta_event.RawContentBlockDeltaEvent',
  content_block_stop: 'anthropic.types.raw_content_block_stop_event.RawContentBlockStopEvent',
}

/** `messages.count_tokens`, whose body has no `type`. */
export const TOKENS_COUNT_TYPE = 'anthropic.types.message_tokens_count.MessageTokensCount'

/** The SDK's `APIStatusError` subclass for a status, by name (the Python and TypeScript SDKs share them). */
const ERROR_TYPES: Readonly<Record<number, string>> = {
  400: 'BadRequestError',
  401: 'AuthenticationError',
  403: 'PermissionDeniedError',
  404: 'NotFoundError',
  409: 'ConflictError',
  413: 'RequestTooLargeError',
  422: 'UnprocessableEntityError',
  429: 'RateLimitError',
  529: 'OverloadedError',
}

export function anthropicErrorType(status: number): string {
  return ERROR_TYPES[status] ?? (status >= 500 ? 'InternalServerError' : 'APIStatusError')
}
