import { anthropicRequestLines, isAnthropicEndpoint } from './anthropic.js'
import { contentText, isObject, labelled, objectsIn, text, toolCall, type JsonObject } from './values.js'

function chatMessageLines(message: JsonObject): string[] {
  const role = text(message['role']) ?? 'message'
  const lines: string[] = []
  const content = contentText(message['content'])
  const callId = text(message['tool_call_id'])
  if (role === 'tool') lines.push(labelled(`tool result${callId ? ` (${callId})` : ''}`, content))
  else if (content !== '' || !Array.isArray(message['tool_calls'])) lines.push(labelled(role, content))
  for (const call of objectsIn(message['tool_calls'])) {
    const fn = isObject(call['function']) ? call['function'] : {}
    lines.push(`${role}: ${toolCall(text(fn['name']) ?? '?', text(fn['arguments']) ?? '')}`)
  }
  return lines
}

/** One item of a Responses-API `input`: a message, a function call, or a function call's output. */
function responsesInputLines(item: JsonObject): string[] {
  switch (item['type']) {
    case 'function_call':
      return [`assistant: ${toolCall(text(item['name']) ?? '?', text(item['arguments']) ?? '')}`]
    case 'function_call_output': {
      const output = item['output']
      return [labelled(`tool result (${text(item['call_id']) ?? '?'})`, typeof output === 'string' ? output : contentText(output))]
    }
    case undefined:
    case 'message':
      return [labelled(text(item['role']) ?? 'message', contentText(item['content']))]
    default:
      return [`[${String(item['type'])}]`]
  }
}

function inputCount(input: unknown): string {
  return Array.isArray(input) ? `${input.length} inputs` : '1 input'
}

/** What the test sent, as transcript lines: messages, Responses `input`, prompt, or embedding inputs. */
export function requestLines(endpoint: string, body: unknown): string[] {
  if (!isObject(body)) return []
  if (isAnthropicEndpoint(endpoint)) return anthropicRequestLines(body)
  const lines: string[] = []
  if (Array.isArray(body['messages'])) lines.push(...objectsIn(body['messages']).flatMap(chatMessageLines))
  if (typeof body['instructions'] === 'string') lines.push(labelled('instructions', body['instructions']))
  const input = body['input']
  if (endpoint.endsWith('/embeddings')) {
    if (input !== undefined) lines.push(`input: ${inputCount(input)}`)
  } else if (typeof input === 'string') lines.push(labelled('user', input))
  else if (Array.isArray(input)) lines.push(...objectsIn(input).flatMap(responsesInputLines))
  if (typeof body['prompt'] === 'string') lines.push(labelled('prompt', body['prompt']))
  return lines
}
