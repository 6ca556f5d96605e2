import { typed, untyped } from '../../cassette/typed-value.js'
import { isObject } from '../../util/is-object.js'

/**
 * The Python `openai` SDK's class for each response shape, so recordings read the same in llama-stack.
 * Anything not listed here is stored as plain JSON.
 */
/** A class name, and the `object` field a value must carry to be of that class (when the class has one). */
type Shape = [type: string, object?: string]

const JSON_TYPES: Record<string, Shape> = {
  '/v1/chat/completions': ['openai.types.chat.chat_completion.ChatCompletion', 'chat.completion'],
  '/v1/completions': ['openai.types.completion.Completion', 'text_completion'],
  '/v1/embeddings': ['openai.types.create_embedding_response.CreateEmbeddingResponse', 'list'],
  '/v1/responses': ['openai.types.responses.response.Response', 'response'],
  '/v1/moderations': ['openai.types.moderation_create_response.ModerationCreateResponse'],
  '/v1/images/generations': ['openai.types.images_response.ImagesResponse'],
  '/v1/images/edits': ['openai.types.images_response.ImagesResponse'],
}

const CHUNK_TYPES: Record<string, Shape> = {
  '/v1/chat/completions': ['openai.types.chat.chat_completion_chunk.ChatCompletionChunk', 'chat.completion.chunk'],
  '/v1/completions': ['openai.types.completion.Completion', 'text_completion'],
}

/** An error event or an unexpected shape stays plain JSON rather than being labelled with a wrong class. */
function typeOf(shape: Shape | undefined, value: unknown): string | undefined {
  if (!shape || !isObject(value)) return undefined
  const [type, object] = shape
  return object === undefined || value['object'] === object ? type : undefined
}

const MODEL_TYPE = 'openai.types.model.Model'

const RESPONSES_PACKAGE = 'openai.types.responses'

/** Responses-API stream events: event `type` → [module, class] under `openai.types.responses`. */
const RESPONSE_EVENTS: Record<string, [string, string]> = {
  'response.created': ['response_created_event', 'ResponseCreatedEvent'],
  'response.in_progress': ['response_in_progress_event', 'ResponseInProgressEvent'],
  'response.completed': ['response_completed_event', 'ResponseCompletedEvent'],
  'response.failed': ['response_failed_event', 'ResponseFailedEvent'],
  'response.incomplete': ['response_incomplete_event', 'ResponseIncompleteEvent'],
  'response.queued': ['response_queued_event', 'ResponseQueuedEvent'],
  'response.output_item.added': ['response_output_item_added_event', 'ResponseOutputItemAddedEvent'],
  'response.output_item.done': ['response_output_item_done_event', 'ResponseOutputItemDoneEvent'],
  'response.content_part.added': ['response_content_part_added_event', 'ResponseContentPartAddedEvent'],
  'response.content_part.done': ['response_content_part_done_event', 'ResponseContentPartDoneEvent'],
  'response.output_text.delta': ['response_text_delta_event', 'ResponseTextDeltaEvent'],
  'response.output_text.done': ['response_text_done_event', 'ResponseTextDoneEvent'],
  'response.refusal.delta': ['response_refusal_delta_event', 'ResponseRefusalDeltaEvent'],
  'response.refusal.done': ['response_refusal_done_event', 'ResponseRefusalDoneEvent'],
  'response.function_call_arguments.delta': ['response_function_call_arguments_delta_event', 'ResponseFunctionCallArgumentsDeltaEvent'],
  'response.function_call_arguments.done': ['response_function_call_arguments_done_event', 'ResponseFunctionCallArgumentsDoneEvent'],
  'response.reasoning_summary_text.delta': ['response_reasoning_summary_text_delta_event', 'ResponseReasoningSummaryTextDeltaEvent'],
  'response.reasoning_summary_text.done': ['response_reasoning_summary_text_done_event', 'ResponseReasoningSummaryTextDoneEvent'],
  error: ['response_error_event', 'ResponseErrorEvent'],
}

/** `{"object":"list","data":[...]}` and nothing else: llama-stack stores it as the bare list of models. */
function isBareModelList(body: unknown): body is { object: 'list'; data: unknown[] } {
  return isObject(body) && Object.keys(body).length === 2 && body['object'] === 'list' && Array.isArray(body['data'])
}

/** Azure puts the deployment in the path: `/v1/deployments/<name>/chat/completions` has chat's types. */
export function typeEndpoint(endpoint: string): string {
  return endpoint.replace(/^\/v1\/deployments\/[^/]+\//, '/v1/')
}

/** A JSON response body as it goes into a cassette. */
export function encodeBody(endpoint: string, body: unknown): unknown {
  if (endpoint === '/v1/models' && isBareModelList(body)) {
    return body.data.map((model) => typed(MODEL_TYPE, model))
  }
  if (endpoint.startsWith('/v1/models/')) return typed(MODEL_TYPE, body)
  return typed(typeOf(JSON_TYPES[typeEndpoint(endpoint)], body), body)
}

/** The inverse of {@link encodeBody}: the JSON body the API sent. */
export function decodeBody(endpoint: string, stored: unknown): unknown {
  if (endpoint === '/v1/models' && Array.isArray(stored)) {
    return { object: 'list', data: stored.map(untyped) }
  }
  return untyped(stored)
}

/** One streamed chunk as it goes into a cassette. */
export function encodeChunk(endpoint: string, chunk: unknown): unknown {
  if (typeEndpoint(endpoint) === '/v1/responses' && isObject(chunk) && typeof chunk['type'] === 'string') {
    const event = RESPONSE_EVENTS[chunk['type']]
    return typed(event && `${RESPONSES_PACKAGE}.${event[0]}.${event[1]}`, chunk)
  }
  return typed(typeOf(CHUNK_TYPES[typeEndpoint(endpoint)], chunk), chunk)
}
