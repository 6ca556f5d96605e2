/** Statuses clients retry (the Vercel AI SDK: 408, 409, 429, ≥ 500; the Stainless SDKs the same). */
const isRetried = (status: number) => status === 408 || status === 409 || status === 429 || status >= 500

/** The smallest wait every client takes as given: the Stainless SDKs read `0` as "no hint" and back off instead. */
const NO_WAIT_MS = '0.001'

/**
 * A replayed error a client will retry is told to retry at once: the Vercel AI SDK and the Stainless SDKs honour
 * `retry-after-ms` over `retry-after` and their own back-off. (LangChain's retry loop and @google/genai's
 * `retryOptions` read no header: they still wait their back-off before sending the retry, which replays.)
 */
export function withoutRetryWait(response: Response): Response {
  if (isRetried(response.status)) response.headers.set('retry-after-ms', NO_WAIT_MS)
  return response
}
