// A runner's setup file and the test's own import can load different copies of this module (Jest bundles
// each CommonJS entry whole; its ESM mode mixes both builds). Each error carries its class names under a
// global symbol, so `instanceof` recognises an error made by any copy.
const CLASS_NAMES = Symbol.for('llm-cassettes.error-classes')
/**
 * LangChain's mark for an error its retry loop must not retry (`@langchain/core` errors/index.js, registered
 * globally): without it, a cassette miss is retried 6 times with back-off, each retry another miss.
 */
const LANGCHAIN_RETRYABLE = Symbol.for('langchain.errors.retryable')

function carriesClass(value: unknown, className: string): boolean {
  if (typeof value !== 'object' || value === null) return false
  const names = (value as { [CLASS_NAMES]?: unknown })[CLASS_NAMES]
  return Array.isArray(names) && names.includes(className)
}

/** Every error llm-cassettes throws on purpose. `code` is stable; match on it rather than on the message. */
export class CassetteError extends Error {
  /** The class name `instanceof` looks for; each subclass sets its own. */
  static readonly className: string = 'CassetteError'

  static override [Symbol.hasInstance](value: unknown): boolean {
    // biome-ignore lint/complexity/noThisInStatic: `this` is the class `instanceof` asks about, a subclass included
    return carriesClass(value, this.className)
  }

  readonly code: string
  /** The cassette file the error is about, when there is one. */
  readonly cassettePath: string | undefined

  constructor(message: string, options: { code?: string; cassettePath?: string; cause?: unknown } = {}) {
    super(`[llm-cassettes] ${message}`, options.cause === undefined ? undefined : { cause: options.cause })
    this.name = 'CassetteError'
    const names: string[] = []
    for (let type = new.target as typeof CassetteError; type !== (Error as unknown); type = Object.getPrototypeOf(type)) {
      names.push(type.className)
    }
    Object.defineProperty(this, CLASS_NAMES, { value: names })
    Object.defineProperty(this, LANGCHAIN_RETRYABLE, { value: false })
    this.code = options.code ?? 'ERR_CASSETTE'
    this.cassettePath = options.cassettePath
  }
}

/** A request that the cassette has no recording for, in a mode that may not go live. */
export class CassetteMissError extends CassetteError {
  static override readonly className: string = 'CassetteMissError'

  constructor(message: string, options: { cassettePath: string }) {
    super(message, { code: 'ERR_CASSETTE_MISS', cassettePath: options.cassettePath })
    this.name = 'CassetteMissError'
  }
}

/** A cassette about to be written contains a credential; nothing was written. */
export class CassetteSecretError extends CassetteError {
  static override readonly className: string = 'CassetteSecretError'

  /** Where in the cassette the secret was found, e.g. `$.interactions[0].response.body.__data__.id`. */
  readonly jsonPath: string

  constructor(message: string, options: { cassettePath: string; jsonPath: string }) {
    super(message, { code: 'ERR_CASSETTE_SECRET', cassettePath: options.cassettePath })
    this.name = 'CassetteSecretError'
    this.jsonPath = options.jsonPath
  }
}
