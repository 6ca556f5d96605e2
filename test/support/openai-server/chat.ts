import { SERVER_ERROR_BODY } from './errors.js'
import { choosePlan, firstFunctionTool, isJsonSchema, planTokens, REFUSAL, WEATHER_ARGS, type Plan, type Turn } from './plan.js'
import {
  CREATED,
  DONE_FRAME,
  FINGERPRINT,
  countWords,
  dataFrame,
  includeUsage,
  isRecord,
  lastWhere,
  records,
  sendFrames,
  sendJson,
  splitFragments,
  splitWords,
  textOf,
} from './shared.js'
import type { Call, Json } from './types.js'

/** With `stream: true`, this model sends two chunks and then an error event. */
const STREAM_ERROR_MODEL = 'stream-error'
const finishReason = (plan: Plan): string => (plan.kind === 'tool' ? 'tool_calls' : 'stop')

function chatUsage(promptTokens: number, completionTokens: number): Json {
  return {
    prompt_tokens: promptTokens,
    completion_tokens: completionTokens,
    total_tokens: promptTokens + completionTokens,
    prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
    completion_tokens_details: {
      reasoning_tokens: 0,
      audio_tokens: 0,
      accepted_prediction_tokens: 0,
      rejected_prediction_tokens: 0,
    },
  }
}

function planChat(body: Json): Turn {
  const messages = records(body.messages)
  const toolMessage = lastWhere(messages, (message) => message.role === 'tool')
  const userText = textOf(lastWhere(messages, (message) => message.role === 'user')?.content)
  const toolName = firstFunctionTool(body.tools, (tool) => (isRecord(tool.function) ? tool.function.name : undefined))
  const toolResult = toolMessage ? textOf(toolMessage.content) : null
  const promptTokens = messages.reduce((sum, message) => sum + countWords(textOf(message.content)), 0)
  if (toolResult === null && /refuse/i.test(userText)) return { plan: { kind: 'refusal', text: REFUSAL }, promptTokens }
  return { plan: choosePlan(toolResult, userText, toolName, isJsonSchema(body.response_format)), promptTokens }
}

function chatToolCall(call: Call, name: string) {
  return { id: `call_${call.hash.slice(0, 24)}`, type: 'function', function: { name, arguments: WEATHER_ARGS } }
}

function chatMessage(call: Call, plan: Plan): Json {
  const base = { role: 'assistant', content: null, refusal: null, annotations: [] }
  if (plan.kind === 'text') return { ...base, content: plan.text }
  if (plan.kind === 'refusal') return { ...base, refusal: plan.text }
  return { role: 'assistant', content: null, tool_calls: [chatToolCall(call, plan.name)], refusal: null, annotations: [] }
}

function chatReply(call: Call, { plan, promptTokens }: Turn): Json {
  const message = chatMessage(call, plan)
  return {
    id: `chatcmpl-${call.hash.slice(0, 12)}`,
    object: 'chat.completion',
    created: CREATED,
    model: call.model,
    choices: [{ index: 0, message, logprobs: null, finish_reason: finishReason(plan) }],
    usage: chatUsage(promptTokens, planTokens(plan)),
    service_tier: 'default',
    system_fingerprint: FINGERPRINT,
  }
}

function chatDeltas(call: Call, plan: Plan): Json[] {
  if (plan.kind === 'text') {
    return [{ role: 'assistant', content: '', refusal: null }, ...splitWords(plan.text).map((content) => ({ content }))]
  }
  if (plan.kind === 'refusal') {
    return [{ role: 'assistant', content: null, refusal: '' }, ...splitWords(plan.text).map((refusal) => ({ refusal }))]
  }
  const { id, type } = chatToolCall(call, plan.name)
  const header = { index: 0, id, type, function: { name: plan.name, arguments: '' } }
  return [
    { role: 'assistant', content: null, tool_calls: [header], refusal: null },
    ...splitFragments(WEATHER_ARGS).map((args) => ({ tool_calls: [{ index: 0, function: { arguments: args } }] })),
  ]
}

function chatChunks(call: Call, turn: Turn): Json[] {
  const { plan } = turn
  const reply = chatReply(call, turn)
  const withUsage = includeUsage(call.body)
  const chunk = (choices: Json[], usage?: unknown): Json => ({
    id: reply.id,
    object: 'chat.completion.chunk',
    created: CREATED,
    model: call.model,
    service_tier: 'default',
    system_fingerprint: FINGERPRINT,
    choices,
    ...(withUsage ? { usage: usage ?? null } : {}),
  })
  const choice = (delta: Json, finish_reason: string | null): Json => {
    return { index: 0, delta, logprobs: null, finish_reason }
  }
  return [
    ...chatDeltas(call, plan).map((delta) => chunk([choice(delta, null)])),
    chunk([choice({}, finishReason(plan))]),
    ...(withUsage ? [chunk([], reply.usage)] : []),
  ]
}

function chatFrames(call: Call, turn: Turn): string[] {
  const chunks = chatChunks(call, turn)
  if (call.model === STREAM_ERROR_MODEL) return [...chunks.slice(0, 2).map(dataFrame), dataFrame(SERVER_ERROR_BODY)]
  return [...chunks.map(dataFrame), DONE_FRAME]
}

export async function handleChat(call: Call): Promise<void> {
  const turn = planChat(call.body)
  if (call.body.stream !== true) return sendJson(call.res, { status: 200, body: chatReply(call, turn) })
  await sendFrames(call, chatFrames(call, turn))
}
