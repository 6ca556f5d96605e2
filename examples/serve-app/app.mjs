// A small HTTP service that calls OpenAI and Anthropic through their SDKs: the kind of app an e2e test starts in
// another process. It knows nothing of cassettes: the SDKs read OPENAI_BASE_URL and ANTHROPIC_BASE_URL (and their
// keys) from the environment, which the test points at `llm-cassettes serve`.
//
//   POST /reply  {"question": "…"}  → {"reply": "…"}   one streamed OpenAI chat completion, joined
//   POST /haiku  {"topic": "…"}     → {"haiku": "…"}   one Anthropic message
//   POST /story  {"topic": "…"}     → text/plain      an Anthropic stream, passed on as it arrives
import { createServer } from 'node:http'
import Anthropic from '@anthropic-ai/sdk'
import OpenAI from 'openai'

const openai = new OpenAI({ maxRetries: 0 })
const anthropic = new Anthropic({ maxRetries: 0 })
const OPENAI_MODEL = process.env.APP_OPENAI_MODEL ?? 'gpt-4o-mini'
const ANTHROPIC_MODEL = process.env.APP_ANTHROPIC_MODEL ?? 'claude-haiku-4-5'

async function reply(question) {
  const stream = await openai.chat.completions.create({
    model: OPENAI_MODEL,
    messages: [{ role: 'user', content: question }],
    max_tokens: 24,
    seed: 1,
    stream: true,
  })
  let text = ''
  for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? ''
  return { reply: text }
}

async function haiku(topic) {
  const message = await anthropic.messages.create({
    model: ANTHROPIC_MODEL,
    max_tokens: 24,
    messages: [{ role: 'user', content: `A haiku about ${topic}` }],
  })
  return { haiku: message.content.map((block) => (block.type === 'text' ? block.text : '')).join('') }
}

async function story(topic, res) {
  const stream = anthropic.messages.stream({
    model: ANTHROPIC_MODEL,
    max_tokens: 24,
    messages: [{ role: 'user', content: `A very short story about ${topic}` }],
  })
  const events = stream[Symbol.asyncIterator]()
  // The first event before the response starts: a call that fails is then still reported as an error.
  let next = await events.next()
  res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' })
  for (; !next.done; next = await events.next()) {
    const event = next.value
    if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') res.write(event.delta.text)
  }
  res.end()
}

async function readJson(req) {
  let text = ''
  for await (const chunk of req) text += chunk
  return JSON.parse(text || '{}')
}

const server = createServer(async (req, res) => {
  try {
    const body = await readJson(req)
    if (req.method === 'POST' && req.url === '/reply') return sendJson(res, 200, await reply(String(body.question)))
    if (req.method === 'POST' && req.url === '/haiku') return sendJson(res, 200, await haiku(String(body.topic)))
    if (req.method === 'POST' && req.url === '/story') return await story(String(body.topic), res)
    sendJson(res, 404, { error: `no route ${req.method} ${req.url}` })
  } catch (error) {
    // The SDK's error, as the app would report it: its class, status and message.
    if (res.headersSent) return res.destroy()
    sendJson(res, 502, { error: error.message, type: error.constructor.name, status: error.status ?? null })
  }
})

function sendJson(res, status, value) {
  res.writeHead(status, { 'content-type': 'application/json' })
  res.end(JSON.stringify(value))
}

server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  console.log(`app listening on http://127.0.0.1:${server.address().port}`)
})
