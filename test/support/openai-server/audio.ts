import { badRequest, digestChain, sendBytes, sendJson, stringField } from './shared.js'
import type { Call, Json, Upload } from './types.js'

const SPEECH_BYTES = 2048
const SPEECH_TYPES: Record<string, string> = {
  mp3: 'audio/mpeg',
  opus: 'audio/opus',
  aac: 'audio/aac',
  flac: 'audio/flac',
  wav: 'audio/wav',
  pcm: 'audio/pcm',
}

/** 2 KB from the sha256 chain seeded with the input text; content-type from `response_format` (mp3 by default). */
export function handleSpeech(call: Call): void {
  const input = stringField(call.body, 'input', '')
  if (input === '') return sendJson(call.res, badRequest("Missing required parameter: 'input'.", 'input'))
  const format = stringField(call.body, 'response_format', 'mp3')
  const type = SPEECH_TYPES[format]
  if (!type) return sendJson(call.res, badRequest(`Invalid response_format '${format}'.`, 'response_format'))
  sendBytes(call.res, type, digestChain(input, SPEECH_BYTES))
}

/** A made-up duration: one second per kilobyte, at least one. */
const durationOf = (file: Upload): number => Math.max(1, Math.ceil(file.bytes.length / 1024))

function segment(text: string, duration: number): Json {
  return {
    id: 0,
    seek: 0,
    start: 0,
    end: duration,
    text,
    tokens: [],
    temperature: 0,
    avg_logprob: -0.25,
    compression_ratio: 1,
    no_speech_prob: 0,
  }
}

function subtitles(format: 'srt' | 'vtt', text: string, duration: number): string {
  const end = `00:00:${String(duration % 60).padStart(2, '0')}`
  if (format === 'srt') return `1\n00:00:00,000 --> ${end},000\n${text}\n\n`
  return `WEBVTT\n\n00:00:00.000 --> ${end}.000\n${text}\n\n`
}

function sendAudioText(call: Call, task: 'transcribe' | 'translate'): void {
  const file = call.uploads.file?.[0]
  if (!file) return sendJson(call.res, badRequest("Missing required parameter: 'file'.", 'file'))
  const verb = task === 'transcribe' ? 'Transcribed' : 'Translated'
  const text = `${verb} ${file.sha256.slice(0, 8)} ${file.bytes.length} bytes`
  const duration = durationOf(file)
  const format = stringField(call.body, 'response_format', 'json')
  if (format === 'text') return sendBytes(call.res, 'text/plain; charset=utf-8', text)
  if (format === 'srt' || format === 'vtt') return sendBytes(call.res, 'text/plain; charset=utf-8', subtitles(format, text, duration))
  const usage = task === 'transcribe' ? { usage: { type: 'duration', seconds: duration } } : {}
  if (format === 'json') return sendJson(call.res, { status: 200, body: { text, ...usage } })
  if (format !== 'verbose_json') return sendJson(call.res, badRequest(`Invalid response_format '${format}'.`, 'response_format'))
  const language = stringField(call.body, 'language', 'english')
  const body = { task, language, duration, text, segments: [segment(text, duration)], ...usage }
  sendJson(call.res, { status: 200, body })
}

export const handleTranscription = (call: Call): void => sendAudioText(call, 'transcribe')
export const handleTranslation = (call: Call): void => sendAudioText(call, 'translate')
