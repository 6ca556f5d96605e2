export * from './openai-server/index.js'
