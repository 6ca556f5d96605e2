import { usageLine } from './usage.js'
import { contentText, isObject, labelled, objectsIn, text, toolCall, type JsonObject } from './values.js'

function toolCallLines(calls: unknown): string[] {
  return objectsIn(calls).map((call) => {
    const fn = isObject(call['function']) ? call['function'] : {}
    return `assistant: ${toolCall(text(fn['name']) ?? '?', text(fn['arguments']) ?? '')}`
  })
}

/** A chat completion's choices (each message's content, refusal and tool calls) and usage. */
export function chatCompletionLines(body: JsonObject): string[] {
  const choices = objectsIn(body['choices'])
  const lines = choices.flatMap((choice) => {
    const message = isObject(choice['message']) ? choice['message'] : {}
    const label = choices.length > 1 ? `assistant [${String(choice['index'])}]` : 'assistant'
    const refusal = text(message['refusal'])
    const content = contentText(message['content'])
    return [
      ...(content !== '' ? [labelled(label, content)] : []),
      ...(refusal ? [labelled(`${label} (refusal)`, refusal)] : []),
      ...toolCallLines(message['tool_calls']),
    ]
  })
  const usage = usageLine(body['usage'])
  return usage ? [...lines, usage] : lines
}

interface StreamedToolCall {
  name: string
  args: string
}

/** A streamed chat completion as one reply: every chunk's `delta.content` and tool-call argument deltas joined. */
export function chatStreamLines(chunks: readonly unknown[]): string[] {
  let content = ''
  let refusal = ''
  let usage: string | undefined
  const errors: string[] = []
  const calls = new Map<number, StreamedToolCall>()
  for (const chunk of chunks) {
    if (!isObject(chunk)) continue
    if (isObject(chunk['error'])) errors.push(`error in stream: ${text(chunk['error']['message']) ?? JSON.stringify(chunk['error'])}`)
    usage = usageLine(chunk['usage']) ?? usage
    // Only the first choice: `n > 1` streams are rare, and interleaving them would not read as a reply.
    const delta = objectsIn(chunk['choices']).find((choice) => (choice['index'] ?? 0) === 0)?.['delta']
    if (!isObject(delta)) continue
    content += text(delta['content']) ?? ''
    refusal += text(delta['refusal']) ?? ''
    for (const call of objectsIn(delta['tool_calls'])) {
      const index = typeof call['index'] === 'number' ? call['index'] : calls.size
      const fn = isObject(call['function']) ? call['function'] : {}
      const known = calls.get(index) ?? { name: '', args: '' }
      calls.set(index, { name: known.name + (text(fn['name']) ?? ''), args: known.args + (text(fn['arguments']) ?? '') })
    }
  }
  const label = `assistant (streamed, ${chunks.length} chunks)`
  return [
    ...(content !== '' || (refusal === '' && calls.size === 0) ? [labelled(label, content)] : []),
    ...(refusal !== '' ? [labelled(`${label} (refusal)`, refusal)] : []),
    ...[...calls.values()].map((call) => `assistant: ${toolCall(call.name, call.args)}`),
    ...errors,
    ...(usage ? [usage] : []),
  ]
}
