import { createHash } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'

export interface ReceivedRequest {
  method: string
  path: string
  headers: Record<string, string | string[] | undefined>
  body: unknown
}

export interface OpenAIServer {
  url: string
  port: number
  requests: ReceivedRequest[]
  release(): void
  /** Stops the server and drops open connections; closing a closed server does nothing. */
  close(): Promise<void>
}

export interface OpenAIServerOptions {
  port?: number
  host?: string
}

type Json = { [key: string]: unknown }
type Plan = { kind: 'text'; text: string } | { kind: 'tool'; name: string }
type Event = [type: string, fields: Json]
type Turn = { plan: Plan; promptTokens: number }
type Reply = { status: number; body: Json; headers?: Record<string, string> }

interface Call {
  res: ServerResponse
  body: Json
  model: string
  hash: string
  waitForRelease: () => Promise<void>
}

const CREATED = 1700000000
const FINGERPRINT = 'fp_test'
const WEATHER_ARGS = '{"city":"Paris"}'
const CHUNK_DELAY_MS = 5
const MODELS = ['gpt-4o-mini', 'gpt-4o', 'text-embedding-3-small'].map((id) => ({
  id,
  object: 'model',
  created: CREATED,
  owned_by: 'system',
}))
const RATE_LIMITED: Reply = {
  status: 429,
  headers: { 'retry-after-ms': '10' },
  body: apiError('Rate limit reached for requests', 'requests', null, 'rate_limit_exceeded'),
}
const MODEL_ERRORS: Record<string, Reply> = {
  'error-400': { status: 400, body: invalidRequest('Invalid model', 'model') },
  'error-429': RATE_LIMITED,
  'error-500': {
    status: 500,
    body: apiError('The server had an error while processing your request.', 'server_error', null, null),
  },
}

const isRecord = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
const records = (value: unknown): Json[] => (Array.isArray(value) ? value.filter(isRecord) : [])
const lastWhere = (items: Json[], predicate: (item: Json) => boolean): Json | undefined =>
  [...items].reverse().find(predicate)
const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex')
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))
const countWords = (text: string): number => text.split(/\s+/).filter(Boolean).length
const splitWords = (text: string): string[] => text.match(/\s*\S+|\s+$/g) ?? []
const splitFragments = (text: string): string[] => text.match(/.{1,4}/gs) ?? []
const asText = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value))
const includeUsage = (body: Json): boolean =>
  isRecord(body.stream_options) && body.stream_options.include_usage === true
const badRequest = (message: string): Reply => ({ status: 400, body: invalidRequest(message) })
const notFound = (method: string, path: string): Reply => ({
  status: 404,
  body: invalidRequest(`Invalid URL (${method} ${path})`),
})

function apiError(message: string, type: string, param: string | null, code: string | null): Json {
  return { error: { message, type, param, code } }
}

function invalidRequest(message: string, param: string | null = null, code: string | null = null): Json {
  return apiError(message, 'invalid_request_error', param, code)
}

function textOf(content: unknown): string {
  if (typeof content === 'string') return content
  return records(content)
    .filter((part) => typeof part.text === 'string')
    .map((part) => String(part.text))
    .join(' ')
}

function firstFunctionTool(tools: unknown, nameOf: (tool: Json) => unknown): string | null {
  const name = records(tools)
    .filter((tool) => tool.type === 'function')
    .map(nameOf)
    .find((candidate) => typeof candidate === 'string')
  return typeof name === 'string' ? name : null
}

function choosePlan(toolResult: string | null, userText: string, toolName: string | null, jsonSchema: boolean): Plan {
  if (toolResult === null && toolName !== null && /\bweather\b/i.test(userText)) return { kind: 'tool', name: toolName }
  const text = toolResult === null ? `Echo: ${userText}` : `Tool said: ${toolResult}`
  return { kind: 'text', text: jsonSchema ? JSON.stringify({ answer: text }) : text }
}

function modelError(model: string, hash: string, flakySeen: Set<string>): Reply | undefined {
  if (model !== 'flaky-429') return MODEL_ERRORS[model]
  if (flakySeen.has(hash)) return undefined
  flakySeen.add(hash)
  return RATE_LIMITED
}

function sendJson(res: ServerResponse, reply: Reply): void {
  res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers })
  res.end(JSON.stringify(reply.body))
}

async function sendFrames(call: Call, frames: string[]): Promise<void> {
  const { res } = call
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' })
  const gated = call.model === 'gated-model'
  // `stepped-model` sends each frame after the first only when released: the client never has more than it asked for.
  const stepped = call.model === 'stepped-model'
  for (const [index, frame] of frames.entries()) {
    if ((index === 1 && gated) || (index > 0 && stepped)) await call.waitForRelease()
    if (index > 0) await sleep(CHUNK_DELAY_MS)
    if (res.destroyed) return
    res.write(frame)
  }
  res.end()
}

const dataFrame = (payload: unknown): string => `data: ${JSON.stringify(payload)}\n\n`
const DONE_FRAME = 'data: [DONE]\n\n'

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
  const jsonSchema = isRecord(body.response_format) && body.response_format.type === 'json_schema'
  const toolResult = toolMessage ? textOf(toolMessage.content) : null
  const promptTokens = messages.reduce((sum, message) => sum + countWords(textOf(message.content)), 0)
  return { plan: choosePlan(toolResult, userText, toolName, jsonSchema), promptTokens }
}

function chatToolCall(call: Call, name: string) {
  return { id: `call_${call.hash.slice(0, 24)}`, type: 'function', function: { name, arguments: WEATHER_ARGS } }
}

function chatReply(call: Call, { plan, promptTokens }: Turn): Json {
  const toolCalls = plan.kind === 'tool' ? { tool_calls: [chatToolCall(call, plan.name)] } : {}
  const content = plan.kind === 'text' ? { content: plan.text } : { content: null, ...toolCalls }
  const message = { role: 'assistant', ...content, refusal: null, annotations: [] }
  const completionTokens = plan.kind === 'text' ? countWords(plan.text) : countWords(WEATHER_ARGS)
  return {
    id: `chatcmpl-${call.hash.slice(0, 12)}`,
    object: 'chat.completion',
    created: CREATED,
    model: call.model,
    choices: [{ index: 0, message, logprobs: null, finish_reason: plan.kind === 'text' ? 'stop' : 'tool_calls' }],
    usage: chatUsage(promptTokens, completionTokens),
    service_tier: 'default',
    system_fingerprint: FINGERPRINT,
  }
}

function chatDeltas(call: Call, plan: Plan): Json[] {
  if (plan.kind === 'text') {
    return [{ role: 'assistant', content: '', refusal: null }, ...splitWords(plan.text).map((content) => ({ content }))]
  }
  const { id, type } = chatToolCall(call, plan.name)
  const header = { index: 0, id, type, function: { name: plan.name, arguments: '' } }
  return [
    { role: 'assistant', content: null, tool_calls: [header], refusal: null },
    ...splitFragments(WEATHER_ARGS).map((args) => ({ tool_calls: [{ index: 0, function: { arguments: args } }] })),
  ]
}

function chatFrames(call: Call, turn: Turn): string[] {
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
  const chunks = [
    ...chatDeltas(call, plan).map((delta) => chunk([choice(delta, null)])),
    chunk([choice({}, plan.kind === 'text' ? 'stop' : 'tool_calls')]),
    ...(withUsage ? [chunk([], reply.usage)] : []),
  ]
  return [...chunks.map(dataFrame), DONE_FRAME]
}

async function handleChat(call: Call): Promise<void> {
  const turn = planChat(call.body)
  if (call.body.stream !== true) return sendJson(call.res, { status: 200, body: chatReply(call, turn) })
  await sendFrames(call, chatFrames(call, turn))
}

async function handleCompletions(call: Call): Promise<void> {
  const { prompt } = call.body
  const prompts = Array.isArray(prompt) ? prompt.map(asText) : [typeof prompt === 'string' ? prompt : '']
  const texts = prompts.map((text) => `Echo: ${text}`)
  const promptTokens = prompts.reduce((sum, text) => sum + countWords(text), 0)
  const completionTokens = texts.reduce((sum, text) => sum + countWords(text), 0)
  const totalTokens = promptTokens + completionTokens
  const usage = { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: totalTokens }
  const base = { id: `cmpl-${call.hash.slice(0, 12)}`, object: 'text_completion', created: CREATED, model: call.model }
  const choice = (text: string, index: number, finish_reason: string | null): Json => {
    return { text, index, logprobs: null, finish_reason }
  }
  if (call.body.stream !== true) {
    const choices = texts.map((text, index) => choice(text, index, 'stop'))
    return sendJson(call.res, { status: 200, body: { ...base, choices, usage, system_fingerprint: FINGERPRINT } })
  }
  const withUsage = includeUsage(call.body)
  const chunk = (choices: Json[], chunkUsage?: Json): Json => ({
    ...base,
    choices,
    system_fingerprint: FINGERPRINT,
    ...(withUsage ? { usage: chunkUsage ?? null } : {}),
  })
  const chunks = texts.flatMap((text, index) => [
    ...splitWords(text).map((word) => chunk([choice(word, index, null)])),
    chunk([choice('', index, 'stop')]),
  ])
  if (withUsage) chunks.push(chunk([], usage))
  await sendFrames(call, [...chunks.map(dataFrame), DONE_FRAME])
}

function embeddingVector(input: string): number[] {
  const digest = createHash('sha256').update(input).digest()
  return Array.from({ length: 8 }, (_, i) => (digest.readUInt16LE(i * 2) - 32768) / 32768)
}

function float32Base64(vector: number[]): string {
  const bytes = Buffer.alloc(vector.length * 4)
  vector.forEach((value, i) => bytes.writeFloatLE(value, i * 4))
  return bytes.toString('base64')
}

function handleEmbeddings(call: Call): void {
  const { input } = call.body
  const inputs = Array.isArray(input) ? input.map(asText) : [asText(input ?? '')]
  const base64 = call.body.encoding_format === 'base64'
  const data = inputs.map((text, index) => {
    const vector = embeddingVector(text)
    return { object: 'embedding', index, embedding: base64 ? float32Base64(vector) : vector }
  })
  const tokens = inputs.reduce((sum, text) => sum + countWords(text), 0)
  const body = { object: 'list', data, model: call.model, usage: { prompt_tokens: tokens, total_tokens: tokens } }
  sendJson(call.res, { status: 200, body })
}

function planResponse(body: Json): Turn {
  const items = typeof body.input === 'string' ? [{ role: 'user', content: body.input }] : records(body.input)
  const toolOutput = lastWhere(items, (item) => item.type === 'function_call_output')
  const userText = textOf(lastWhere(items, (item) => item.role === 'user')?.content)
  const toolName = firstFunctionTool(body.tools, (tool) => tool.name)
  const format = isRecord(body.text) && isRecord(body.text.format) ? body.text.format : {}
  const toolResult = toolOutput ? textOf(toolOutput.output) : null
  const promptTokens = items.reduce((sum, item) => sum + countWords(textOf(item.content ?? item.output)), 0)
  return { plan: choosePlan(toolResult, userText, toolName, format.type === 'json_schema'), promptTokens }
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

const outputText = (text: string): Json => ({ type: 'output_text', text, annotations: [], logprobs: [] })

function responseUsage({ plan, promptTokens }: Turn): Json {
  const outputTokens = countWords(plan.kind === 'text' ? plan.text : WEATHER_ARGS)
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
    const deltas = splitFragments(WEATHER_ARGS).map((delta): Event => [
      'response.function_call_arguments.delta',
      { ...at, delta },
    ])
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

async function handleResponses(call: Call): Promise<void> {
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

const POST_ROUTES: Record<string, (call: Call) => void | Promise<void>> = {
  '/v1/chat/completions': handleChat,
  '/v1/completions': handleCompletions,
  '/v1/embeddings': handleEmbeddings,
  '/v1/responses': handleResponses,
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}

function parseJson(raw: string): { ok: true; value: unknown } | { ok: false } {
  if (raw.trim() === '') return { ok: true, value: null }
  try {
    return { ok: true, value: JSON.parse(raw) as unknown }
  } catch {
    return { ok: false }
  }
}

function hasBearer(authorization: string | undefined): boolean {
  return /^Bearer\s+\S+/i.test(authorization ?? '')
}

function getRoute(path: string): Reply {
  if (path === '/v1/models') return { status: 200, body: { object: 'list', data: MODELS } }
  if (!path.startsWith('/v1/models/')) return notFound('GET', path)
  const id = decodeURIComponent(path.slice('/v1/models/'.length))
  const model = MODELS.find((candidate) => candidate.id === id)
  if (model) return { status: 200, body: model }
  return { status: 404, body: invalidRequest(`The model '${id}' does not exist`, 'model', 'model_not_found') }
}

export async function startOpenAIServer(options: OpenAIServerOptions = {}): Promise<OpenAIServer> {
  const host = options.host ?? '127.0.0.1'
  const requests: ReceivedRequest[] = []
  const sockets = new Set<Socket>()
  const flakySeen = new Set<string>()
  let gates: Array<() => void> = []

  const release = (): void => {
    const waiting = gates
    gates = []
    waiting.forEach((resolve) => resolve())
  }
  const waitForRelease = (): Promise<void> => new Promise((resolve) => gates.push(resolve))

  async function handleApi(req: IncomingMessage, res: ServerResponse, method: string, url: URL): Promise<void> {
    const record: ReceivedRequest = { method, path: req.url ?? url.pathname, headers: { ...req.headers }, body: null }
    requests.push(record)
    const raw = await readBody(req)
    const hash = sha256(method + record.path + raw)
    res.setHeader('x-request-id', `req_${hash.slice(0, 16)}`)
    if (!hasBearer(req.headers.authorization)) {
      const message = 'Incorrect API key provided. You can find your API key at https://platform.openai.com/api-keys.'
      return sendJson(res, { status: 401, body: invalidRequest(message, null, 'invalid_api_key') })
    }
    const parsed = parseJson(raw)
    if (!parsed.ok) return sendJson(res, badRequest('We could not parse the JSON body of your request.'))
    record.body = parsed.value
    if (method === 'GET') return sendJson(res, getRoute(url.pathname))
    const handler = method === 'POST' ? POST_ROUTES[url.pathname] : undefined
    if (!handler) return sendJson(res, notFound(method, url.pathname))
    const body = isRecord(parsed.value) ? parsed.value : {}
    if (typeof body.model !== 'string') return sendJson(res, badRequest('you must provide a model parameter'))
    const failure = modelError(body.model, hash, flakySeen)
    if (failure) return sendJson(res, failure)
    await handler({ res, body, model: body.model, hash: sha256(raw), waitForRelease })
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? 'GET'
    const url = new URL(req.url ?? '/', 'http://localhost')
    if (url.pathname.startsWith('/v1/') || url.pathname === '/v1') return handleApi(req, res, method, url)
    await readBody(req)
    if (method === 'POST' && url.pathname === '/control/release') {
      release()
      return sendJson(res, { status: 200, body: {} })
    }
    sendJson(res, notFound(method, url.pathname))
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (res.headersSent) res.destroy()
      else sendJson(res, { status: 500, body: apiError(String(error), 'server_error', null, null) })
    })
  })
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, host, () => resolve())
  })
  const { port } = server.address() as AddressInfo
  const urlHost = host.includes(':') ? `[${host}]` : host

  return {
    url: `http://${urlHost}:${port}/v1`,
    port,
    requests,
    release,
    close: () =>
      new Promise<void>((resolve, reject) => {
        if (!server.listening) return resolve()
        release()
        server.close((error) => (error ? reject(error) : resolve()))
        sockets.forEach((socket) => socket.destroy())
      }),
  }
}
