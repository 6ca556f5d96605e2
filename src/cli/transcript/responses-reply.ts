import { usageLine } from './usage.js'
import { isObject, labelled, objectsIn, text, toolCall, type JsonObject } from './values.js'

function outputItemLines(item: JsonObject): string[] {
  switch (item['type']) {
    case 'message':
      return objectsIn(item['content']).map((part) =>
        part['type'] === 'refusal'
          ? labelled('assistant (refusal)', text(part['refusal']) ?? '')
          : labelled('assistant', text(part['text']) ?? `[${String(part['type'])}]`),
      )
    case 'function_call':
      return [`assistant: ${toolCall(text(item['name']) ?? '?', text(item['arguments']) ?? '')}`]
    default:
      return [`[${String(item['type'])}]`]
  }
}

function errorLines(response: JsonObject): string[] {
  const error = response['error']
  return isObject(error) ? [`error: ${text(error['message']) ?? JSON.stringify(error)}`] : []
}

/** A Responses-API response: its output items (text, refusals, function calls), error and usage. */
export function responseLines(body: JsonObject): string[] {
  const usage = usageLine(body['usage'])
  return [...objectsIn(body['output']).flatMap(outputItemLines), ...errorLines(body), ...(usage ? [usage] : [])]
}

const FINAL_EVENTS = new Set(['response.completed', 'response.incomplete', 'response.failed'])

/** A streamed Responses-API reply: the `response.output_text.delta` events joined, function calls, errors, usage. */
export function responseStreamLines(events: readonly unknown[]): string[] {
  let reply = ''
  const calls: string[] = []
  const problems: string[] = []
  let usage: string | undefined
  for (const event of events) {
    if (!isObject(event)) continue
    const type = event['type']
    if (type === 'response.output_text.delta') reply += text(event['delta']) ?? ''
    else if (type === 'response.output_item.done' && isObject(event['item']) && event['item']['type'] === 'function_call') {
      calls.push(...outputItemLines(event['item']))
    } else if (type === 'error') problems.push(`error in stream: ${text(event['message']) ?? JSON.stringify(event)}`)
    else if (typeof type === 'string' && FINAL_EVENTS.has(type) && isObject(event['response'])) {
      usage = usageLine(event['response']['usage']) ?? usage
      problems.push(...errorLines(event['response']))
    }
  }
  const label = `assistant (streamed, ${events.length} events)`
  return [...(reply !== '' || calls.length === 0 ? [labelled(label, reply)] : []), ...calls, ...problems, ...(usage ? [usage] : [])]
}
