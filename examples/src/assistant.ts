import type OpenAI from 'openai'

/** Code under test: streams a reply and returns it as one string. */
export async function streamReply(client: OpenAI, question: string): Promise<string> {
  const stream = await client.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: question }],
    stream: true,
  })
  let reply = ''
  for await (const chunk of stream) reply += chunk.choices[0]?.delta.content ?? ''
  return reply
}

/** Code under test: embeds texts, returning one vector each. */
export async function embed(client: OpenAI, texts: string[]): Promise<number[][]> {
  const response = await client.embeddings.create({ model: 'text-embedding-3-small', input: texts })
  return response.data.map((item) => item.embedding)
}
