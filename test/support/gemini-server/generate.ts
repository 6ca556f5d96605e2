import type { ServerResponse } from 'node:http'
import { countWords, planContent, sha256, WEATHER_ARGS, type Json, type Plan } from './content.js'

const CHUNK_DELAY_MS = 3

function usage(promptTokens: number, plan: Plan, done: boolean): Json {
  const candidates = plan.kind === 'text' ? countWords(plan.text) : 3
  return done
    ? {
        promptTokenCount: promptTokens,
        candidatesTokenCount: candidates,
        totalTokenCount: promptTokens + candidates,
        promptTokensDetails: [{ modality: 'TEXT', tokenCount: promptTokens }],
      }
    : { promptTokenCount: promptTokens, totalTokenCount: promptTokens }
}

/** A function call carries an id, as Gemini 3 sends: without one the Vercel AI SDK invents a random one. */
function functionCallPart(name: string, hash: string): Json {
  return { functionCall: { id: `fc_${hash.slice(0, 16)}`, name, args: WEATHER_ARGS } }
}

function response(model: string, hash: string, parts: Json[], extra: Json): Json {
  return {
    candidates: [{ content: { parts, role: 'model' }, index: 0, ...(extra.candidate as Json) }],
    ...(extra.usage ? { usageMetadata: extra.usage } : {}),
    modelVersion: model,
    responseId: `resp-${hash.slice(0, 12)}`,
  }
}

/** `:generateContent`: one GenerateContentResponse. */
export function generateContent(res: ServerResponse, model: string, body: Json): void {
  const hash = sha256(JSON.stringify(body))
  const { plan, promptTokens } = planContent(body)
  const parts = plan.kind === 'tool' ? [functionCallPart(plan.name, hash)] : [{ text: plan.text }]
  const full = response(model, hash, parts, { candidate: { finishReason: 'STOP' }, usage: usage(promptTokens, plan, true) })
  res.writeHead(200, { 'content-type': 'application/json; charset=UTF-8' })
  res.end(JSON.stringify(full, null, 2))
}

/** `:streamGenerateContent?alt=sse`: one event per few words, CRLF-separated as the API sends them; no end marker. */
export async function streamGenerateContent(res: ServerResponse, model: string, body: Json): Promise<void> {
  const hash = sha256(JSON.stringify(body))
  const { plan, promptTokens } = planContent(body)
  const pieces = plan.kind === 'tool' ? [[functionCallPart(plan.name, hash)]] : (plan.text.match(/\s*\S+/g) ?? ['']).map((text) => [{ text }])
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' })
  for (const [index, parts] of pieces.entries()) {
    const last = index === pieces.length - 1
    const chunk = response(
      model,
      hash,
      parts,
      last ? { candidate: { finishReason: 'STOP' }, usage: usage(promptTokens, plan, true) } : { usage: usage(promptTokens, plan, false) },
    )
    if (index > 0) await new Promise((resolve) => setTimeout(resolve, CHUNK_DELAY_MS))
    if (res.destroyed) return
    res.write(`data: ${JSON.stringify(chunk)}\r\n\r\n`)
  }
  res.end()
}

/** Deterministic unit-length-ish vectors from the text. */
function vector(text: string): number[] {
  const digest = sha256(text)
  return Array.from({ length: 8 }, (_, i) => Number((parseInt(digest.slice(i * 4, i * 4 + 4), 16) / 65535 - 0.5).toFixed(6)))
}

const contentText = (content: unknown): string =>
  JSON.stringify((content as { parts?: { text?: string }[] } | undefined)?.parts?.map((part) => part.text ?? '') ?? [])

export function embedContent(res: ServerResponse, body: Json): void {
  res.writeHead(200, { 'content-type': 'application/json; charset=UTF-8' })
  res.end(JSON.stringify({ embedding: { values: vector(contentText(body.content)) } }))
}

export function batchEmbedContents(res: ServerResponse, body: Json): void {
  const requests = Array.isArray(body.requests) ? (body.requests as Json[]) : []
  res.writeHead(200, { 'content-type': 'application/json; charset=UTF-8' })
  res.end(JSON.stringify({ embeddings: requests.map((request) => ({ values: vector(contentText(request.content)) })) }))
}
