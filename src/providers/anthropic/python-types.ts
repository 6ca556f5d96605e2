/**
 * The Python `anthropic` SDK's classes for each response shape (`anthropic.types.…`, checked against
 * anthropics/anthropic-sdk-python), so Python suites read the same cassette. Objects are recognised by their
 * `type` field; anything not listed is stored as plain JSON. The beta resources (`client.beta.messages…`) have
 * classes of their own.
 */
export interface AnthropicTypes {
  /** By the object's `type` field. */
  readonly bodies: Readonly<Record<string, string>>
  /** Stream events, by `type` (`ping` and `error` have no class: the Python SDK never yields them). */
  readonly events: Readonly<Record<string, string>>
  /** `messages.count_tokens`, whose body has no `type`. */
  readonly tokensCount: string
  /** One line of a message batch's results file. */
  readonly batchResult: string
}

const EVENT_NAMES = ['message_start', 'message_delta', 'message_stop', 'content_block_start', 'content_block_delta', 'content_block_stop'] as const

export const ANTHROPIC_TYPES: AnthropicTypes = {
  bodies: {
    message: 'anthropic.types.message.Message',
    model: 'anthropic.types.model_info.ModelInfo',
    message_batch: 'anthropic.types.messages.message_batch.MessageBatch',
    message_batch_deleted: 'anthropic.types.messages.deleted_message_batch.DeletedMessageBatch',
  },
  events: {
    message_start: 'anthropic.types.raw_message_start_event.RawMessageStartEvent',
    message_delta: 'anthropic.types.raw_message_delta_event.RawMessageDeltaEvent',
    message_stop: 'anthropic.types.raw_message_stop_event.RawMessageStopEvent',
    content_block_start: 'anthropic.types.raw_content_block_start_event.RawContentBlockStartEvent',
    content_block_delta: 'anthropic.types.raw_content_block_delta_event.RawContentBlockDeltaEvent',
    content_block_stop: 'anthropic.types.raw_content_block_stop_event.RawContentBlockStopEvent',
  },
  tokensCount: 'anthropic.types.message_tokens_count.MessageTokensCount',
  batchResult: 'anthropic.types.messages.message_batch_individual_response.MessageBatchIndividualResponse',
}

export const ANTHROPIC_BETA_TYPES: AnthropicTypes = {
  bodies: {
    message: 'anthropic.types.beta.beta_message.BetaMessage',
    model: 'anthropic.types.beta.beta_model_info.BetaModelInfo',
    message_batch: 'anthropic.types.beta.messages.beta_message_batch.BetaMessageBatch',
    message_batch_deleted: 'anthropic.types.beta.messages.beta_deleted_message_batch.BetaDeletedMessageBatch',
  },
  events: {
    message_start: 'anthropic.types.beta.beta_raw_message_start_event.BetaRawMessageStartEvent',
    message_delta: 'anthropic.types.beta.beta_raw_message_delta_event.BetaRawMessageDeltaEvent',
    message_stop: 'anthropic.types.beta.beta_raw_message_stop_event.BetaRawMessageStopEvent',
    content_block_start: 'anthropic.types.beta.beta_raw_content_block_start_event.BetaRawContentBlockStartEvent',
    content_block_delta: 'anthropic.types.beta.beta_raw_content_block_delta_event.BetaRawContentBlockDeltaEvent',
    content_block_stop: 'anthropic.types.beta.beta_raw_content_block_stop_event.BetaRawContentBlockStopEvent',
  },
  tokensCount: 'anthropic.types.beta.beta_message_tokens_count.BetaMessageTokensCount',
  batchResult: 'anthropic.types.beta.messages.beta_message_batch_individual_response.BetaMessageBatchIndividualResponse',
}

/** The stream events every SDK version yields (0.39–0.122 yield only these; 0.137+ also yield unknown named ones). */
export const MESSAGE_EVENTS: ReadonlySet<string> = new Set(EVENT_NAMES)

/** The Python SDK's `APIStatusError` subclass for a status (`_client.py` `_make_status_error`). */
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
