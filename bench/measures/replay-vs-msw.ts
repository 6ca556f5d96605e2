import { readFileSync } from 'node:fs'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { http, HttpResponse } from 'msw'
import { setupServer } from 'msw/node'
import { chatRequest, sseText } from '../support/chat-cassette.js'
import { drain, expectCount, plainClient, wrappedClient } from '../support/clients.js'
import { inSession } from '../support/replay-session.js'
import { ms, ratio, type Row } from '../support/row.js'
import { setUp } from '../support/setup-error.js'
import { pooled, ratioAcross, timingsInProcesses, type Timings } from '../support/processes.js'
import { alternate, median } from '../support/stats.js'
import { withWorkspace } from '../support/workspace.js'
import { STREAM_CHUNKS, STREAM_PROMPT, writeStreamCassette } from './stream-fixture.js'

/** How an HTTP-layer tool keeps a response: status, headers and the body bytes (here the SSE text). */
interface HttpRecording {
  status: number
  headers: Record<string, string>
  body: string
}

/** #2, in one process: the same replay, and msw serving the same recording at the HTTP layer to the same SDK. */
export async function mswTimings(): Promise<Timings> {
  return withWorkspace('msw', async (dir) => {
    const { path, chunks } = await writeStreamCassette(dir)
    const httpPath = join(dir, 'stream.http.json')
    const recording: HttpRecording = { status: 200, headers: { 'content-type': 'text/event-stream' }, body: sseText(chunks) }
    await writeFile(httpPath, JSON.stringify(recording, null, 2))

    // msw reads its recording from disk on every request, as the cassette is read on every test, and as
    // synchronously as the store does.
    const server = setupServer(
      http.post('*/chat/completions', async () => {
        const stored = JSON.parse(readFileSync(httpPath, 'utf8')) as HttpRecording
        return new HttpResponse(stored.body, { status: stored.status, headers: stored.headers })
      }),
    )
    await setUp('msw interception', () => server.listen({ onUnhandledRequest: 'error' }))
    try {
      const ours = wrappedClient()
      // Made after listen(): the SDK takes globalThis.fetch when it is constructed.
      const viaMsw = plainClient('https://api.openai.com/v1')
      const request = chatRequest(STREAM_PROMPT)
      const replay = () => inSession(path, 'replay', async () => drain(await ours.chat.completions.create(request)))
      const msw = async () => drain(await viaMsw.chat.completions.create(request))
      expectCount('replay', await replay(), STREAM_CHUNKS)
      expectCount('msw', await msw(), STREAM_CHUNKS)
      return await alternate({ replay, msw }, { rounds: 40, warmup: 8 })
    } finally {
      server.close()
    }
  })
}

/** Fresh processes for measure 2; five left its ratio moving by 10% between two runs. */
const MSW_PROCESSES = 11

/** #2: the same replay against msw. */
export async function replayVsMsw(): Promise<Row[]> {
  // msw's own time varies most from one process to the next (46–58 ms): more processes.
  const runs = await timingsInProcesses('2', MSW_PROCESSES)
  const faster = ratioAcross(runs, 'msw', 'replay')
  return [
    {
      id: '2',
      measure: 'the same replay',
      ours: ms(median(pooled(runs, 'replay'))),
      baseline: `msw ${ms(median(pooled(runs, 'msw')))}`,
      result: `${ratio(faster)} faster`,
      target: '≥ 3.00× faster',
      met: faster >= 3,
    },
  ]
}
