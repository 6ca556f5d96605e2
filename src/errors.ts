/** Every error llm-cassettes throws on purpose. `code` is stable; match on it rather than on the message. */
export class CassetteError extends Error {
  readonly code: string
  /** The cassette file the error is about, when there is one. */
  readonly cassettePath: string | undefined

  constructor(message: string, options: { code?: string; cassettePath?: string; cause?: unknown } = {}) {
    super(`[llm-cassettes] ${message}`, options.cause === undefined ? undefined : { cause: options.cause })
    this.name = 'CassetteError'
    this.code = options.code ?? 'ERR_CASSETTE'
    this.cassettePath = options.cassettePath
  }
}

/** A request that the cassette has no recording for, in a mode that may not go live. */
export class CassetteMissError extends CassetteError {
  constructor(message: string, options: { cassettePath: string }) {
    super(message, { code: 'ERR_CASSETTE_MISS', cassettePath: options.cassettePath })
    this.name = 'CassetteMissError'
  }
}

/** A cassette about to be written contains a credential; nothing was written. */
export class CassetteSecretError extends CassetteError {
  /** Where in the cassette the secret was found, e.g. `$.interactions[0].response.body.__data__.id`. */
  readonly jsonPath: string

  constructor(message: string, options: { cassettePath: string; jsonPath: string }) {
    super(message, { code: 'ERR_CASSETTE_SECRET', cassettePath: options.cassettePath })
    this.name = 'CassetteSecretError'
    this.jsonPath = options.jsonPath
  }
}
