/** Narrowing helpers for recorded bodies, whose shape is never guaranteed. */
export type JsonObject = Record<string, unknown>

import { isObject } from '../../util/is-object.js'

export { isObject }

export function objectsIn(value: unknown): JsonObject[] {
  return Array.isArray(value) ? value.filter(isObject) : []
}

export function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined
}

/** Message content: a string, or parts whose text is joined; images and audio as placeholders. */
export function contentText(content: unknown): string {
  if (typeof content === 'string') return content
  if (!Array.isArray(content)) return content === null || content === undefined ? '' : JSON.stringify(content)
  return content
    .map((part) => {
      if (typeof part === 'string') return part
      if (!isObject(part)) return ''
      const partText = text(part['text']) ?? text(part['refusal'])
      return partText ?? `[${text(part['type']) ?? 'part'}]`
    })
    .join('')
}

export function toolCall(name: string, args: string): string {
  return `→ tool ${name}(${args})`
}

/** `label: text`, continuation lines indented under the text. */
export function labelled(label: string, body: string): string {
  return `${label}: ${body.replace(/\n/g, `\n${' '.repeat(label.length + 2)}`)}`
}
