import { choosePlan, firstFunctionTool, isJsonSchema, planTokens, WEATHER_ARGS, type Plan, type Turn } from './plan.js'
import { CREATED, countWords, isRecord, lastWhere, records, sendFrames, sendJson, splitFragments, splitWords, textOf } from './shared.js'
import type { Call, Json } from './types.js'

type Event = [type: string, fields: Json]

function planResponse(body: Json): Turn {
  const items = typeof body.input === 'string' ? [{ role: 'user', content: body.input }] : records(body.input)
  const toolOutput = lastWhere(items, (item) => item.type === 'function_call_output')
  const userText = textOf(lastWhere(items, (item) => item.role === 'user')?.content)
  const toolName = firstFunctionTool(body.tools, (tool) => tool.name)
  const format = isRecord(body.text) ? body.text.format : undefined
  const toolResult = toolOutput ? textOf(toolOutput.output) : null
  const promptTokens = items.reduce((sum, item) => sum + countWords(textOf(item.content ?? item.output)), 0)
  return { plan: choosePlan(toolResult, userText, toolName, isJsonSchema(format)), promptTokens }
}

function responseObject(call: Call, status: string, output: Json[], usage: Json | null): Json {
  const echo = (key: string, fallback: unknown): unknown => call.body[key] ?? fallback
  return {
    id: `resp_${call.hash.slice(0, 24)}`,
    object: 'response',
    created_at: CREATED,
    status,
    error: null,
    incomplete_details: null,
    instructions: echo('instructions', null),
    max_output_tokens: echo('max_output_tokens', null),
    model: call.model,
    output,
    parallel_tool_calls: echo('parallel_tool_calls', true),
    previous_response_id: echo('previous_response_id', null),
    reasoning: { effort: null, summary: null },
    store: echo('store', true),
    temperature: echo('temperature', 1),
    text: echo('text', { format: { type: 'text' } }),
    tool_choice: echo('tool_choice', 'auto'),
    tools: echo('tools', []),
    top_p: echo('top_p', 1),
    truncation: echo('truncation', 'disabled'),
    usage,
    metadata: echo('metadata', {}),
  }
}

const outputText = (text: string): Json => ({ type: 'output_text', text, annotations: [], logprobs: [] })

function responseItem(call: Call, plan: Plan, done: boolean): Json {
  const status = done ? 'completed' : 'in_progress'
  if (plan.kind === 'tool') {
    const id = `fc_${call.hash.slice(0, 24)}`
    const callId = `call_${call.hash.slice(0, 24)}`
    return { type: 'function_call', id, call_id: callId, name: plan.name, arguments: done ? WEATHER_ARGS : '', status }
  }
  const content = done ? [outputText(plan.text)] : []
  return { type: 'message', id: `msg_${call.hash.slice(0, 24)}`, status, role: 'assistant', content }
}

function responseUsage({ plan, promptTokens }: Turn): Json {
  const outputTokens = planTokens(plan)
  return {
    input_tokens: promptTokens,
    input_tokens_details: { cached_tokens: 0 },
    output_tokens: outputTokens,
    output_tokens_details: { reasoning_tokens: 0 },
    total_tokens: promptTokens + outputTokens,
  }
}

function itemEvents(call: Call, plan: Plan): Event[] {
  const item = responseItem(call, plan, true)
  const at = { item_id: item.id, output_index: 0 }
  const part = { ...at, content_index: 0 }
  const added: Event = ['response.output_item.added', { output_index: 0, item: responseItem(call, plan, false) }]
  const done: Event = ['response.output_item.done', { output_index: 0, item }]
  if (plan.kind === 'tool') {
    const deltas = splitFragments(WEATHER_ARGS).map((delta): Event => ['response.function_call_arguments.delta', { ...at, delta }])
    return [added, ...deltas, ['response.function_call_arguments.done', { ...at, arguments: WEATHER_ARGS }], done]
  }
  return [
    added,
    ['response.content_part.added', { ...part, part: outputText('') }],
    ...splitWords(plan.text).map((delta): Event => ['response.output_text.delta', { ...part, delta, logprobs: [] }]),
    ['response.output_text.done', { ...part, text: plan.text, logprobs: [] }],
    ['response.content_part.done', { ...part, part: outputText(plan.text) }],
    done,
  ]
}

export async function handleResponses(call: Call): Promise<void> {
  const turn = planResponse(call.body)
  const completed = responseObject(call, 'completed', [responseItem(call, turn.plan, true)], responseUsage(turn))
  if (call.body.stream !== true) return sendJson(call.res, { status: 200, body: completed })
  const inProgress = responseObject(call, 'in_progress', [], null)
  const events: Event[] = [
    ['response.created', { response: inProgress }],
    ['response.in_progress', { response: inProgress }],
    ...itemEvents(call, turn.plan),
    ['response.completed', { response: completed }],
  ]
  const frames = events.map(([type, fields], sequence_number) => {
    return `event: ${type}\ndata: ${JSON.stringify({ type, sequence_number, ...fields })}\n\n`
  })
  await sendFrames(call, frames)
}
