import type { Interaction, RecordedRequest, RecordedResponse } from './types.js'
import { isObject } from '../util/is-object.js'
import { llamaStackRequestHash } from './request-hash.js'
import { LLAMA_STACK_FIELDS, rewriteVolatile, type VolatileSite } from './volatile-walk.js'
import type { VolatileFields } from './wire-format.js'

/** Ids shorter than this are replaced only where a whole string equals them: as a substring they could be anything. */
const MIN_SUBSTRING_ID = 8

/** `call_`, `chatcmpl-`, `toolu_`, `resp_`: kept, so code that checks an id's kind still sees it. */
const ID_PREFIX = /^[A-Za-z]+[_-]/

/** A clock reading written as text (Anthropic's `created_at`), as stored. */
const EPOCH = '1970-01-01T00:00:00Z'

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** Model lists name models by id: those ids are names, not volatile (their clock fields still are). */
const keepsIds = (endpoint: string) => endpoint.startsWith('/v1/models')

const isRequestIdHeader = (name: string) => name.toLowerCase().endsWith('request-id')

interface Naming {
  /** The first 12 hex digits of the stored request's llama-stack hash. */
  hash12: string
  /** Ids named so far in this interaction, other than its own id. */
  count: number
}

/**
 * Quiet re-records: the values a server makes up on every call (ids, clock readings, build fingerprints,
 * llama.cpp's timings) are written to the cassette as stable stand-ins, and an id is replaced the same way
 * wherever it reappears in the same test, in later requests too. One per test attempt.
 *
 * An interaction's own id (the `id` at the top of its body or of each chunk) becomes llama-stack's
 * `rec-<first 12 hex digits of the request hash>`; any other id becomes `<its prefix>rec-<hash12>-<n>`, n
 * counting the interaction's ids in the order they appear. The request hash is taken from the stored request,
 * whose own ids are already the stand-ins, so the same conversation gets the same names on every re-record.
 * The test itself always sees the live values.
 */
export class IdNormalizer {
  /** Live id → its stand-in. */
  private readonly names = new Map<string, string>()
  /** Per stored request: an interaction's ids are counted across every look at its response (a stream grows). */
  private readonly namings = new WeakMap<RecordedRequest, Naming>()
  private pattern: RegExp | undefined

  /**
   * The request as it is matched and stored: every live id this test received replaced by its stand-in (in the
   * body's strings, the URL and the endpoint), so that it equals the request replay will send. What is sent
   * live is not changed.
   */
  request(request: RecordedRequest): RecordedRequest {
    if (this.names.size === 0) return request
    return { ...request, url: this.replaceKnown(request.url), endpoint: this.replaceKnown(request.endpoint), body: this.deepReplace(request.body) }
  }

  /**
   * Names the ids of a response recorded so far (a stream may still be arriving), so that the next request sees
   * them replaced. Pass the same request object each time: its ids are counted across looks.
   */
  learn(request: RecordedRequest, response: RecordedResponse, fields: VolatileFields = LLAMA_STACK_FIELDS): void {
    if (keepsIds(request.endpoint) || response.is_exception) return
    const naming = this.namingOf(request)
    const bodies = response.is_streaming && Array.isArray(response.body) ? response.body : [response.body]
    for (const body of bodies) {
      rewriteVolatile(body, fields, (site) => (site.kind === 'id' ? this.nameOf(site, naming) : site.value), { measurements: false })
    }
  }

  /** The interaction as stored: ids replaced by their stand-ins, clock readings 0, fingerprints and timings constant. */
  interaction(interaction: Interaction, fields: VolatileFields = LLAMA_STACK_FIELDS): Interaction {
    const { request, response } = interaction
    this.learn(request, response, fields)
    const naming = this.namingOf(request)
    const headers = response.headers && this.normalizedHeaders(response.headers, naming)
    if (response.is_exception) return headers ? { ...interaction, response: { ...response, headers } } : interaction
    const namesIds = !keepsIds(request.endpoint)
    const rewrite = (site: VolatileSite): unknown => {
      if (site.kind === 'id') return namesIds ? this.nameOf(site, naming) : site.value
      if (site.kind === 'time') return typeof site.value === 'number' ? 0 : EPOCH
      return fields.constantKeys?.[site.key] ?? site.value
    }
    const normalized = (body: unknown) => this.deepReplace(rewriteVolatile(body, fields, rewrite))
    const body = response.is_streaming && Array.isArray(response.body) ? response.body.map(normalized) : normalized(response.body)
    return { ...interaction, response: { ...response, body, ...(headers ? { headers } : {}) } }
  }

  private namingOf(request: RecordedRequest): Naming {
    let naming = this.namings.get(request)
    if (!naming) this.namings.set(request, (naming = { hash12: llamaStackRequestHash(request).slice(0, 12), count: 0 }))
    return naming
  }

  private nameOf(site: VolatileSite, naming: Naming): string {
    const live = site.value as string
    const known = this.names.get(live)
    if (known !== undefined) return known
    let name: string
    if (site.root && site.key === 'id') name = `rec-${naming.hash12}`
    else {
      naming.count += 1
      name = `${ID_PREFIX.exec(live)?.[0] ?? ''}rec-${naming.hash12}-${naming.count}`
    }
    if (name !== live) {
      this.names.set(live, name)
      this.pattern = undefined
    }
    return name
  }

  private normalizedHeaders(headers: Record<string, string>, naming: Naming): Record<string, string> {
    const entries = Object.entries(headers).map(([name, value]) => {
      if (!isRequestIdHeader(name)) return [name, value]
      return [name, this.nameOf({ kind: 'id', key: name, value, root: false }, naming)]
    })
    return Object.fromEntries(entries)
  }

  /** `text` with every known live id in it replaced by its stand-in. */
  private replaceKnown(text: string): string {
    if (this.names.size === 0) return text
    const exact = this.names.get(text)
    if (exact !== undefined) return exact
    this.pattern ??= this.substringPattern()
    return this.pattern ? text.replace(this.pattern, (live) => this.names.get(live) ?? live) : text
  }

  private substringPattern(): RegExp | undefined {
    const long = [...this.names.keys()].filter((live) => live.length >= MIN_SUBSTRING_ID).sort((a, b) => b.length - a.length)
    return long.length === 0 ? undefined : new RegExp(long.map(escapeRegExp).join('|'), 'g')
  }

  private deepReplace(value: unknown): unknown {
    if (this.names.size === 0) return value
    if (typeof value === 'string') return this.replaceKnown(value)
    if (Array.isArray(value)) return value.map((item) => this.deepReplace(item))
    if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, this.deepReplace(inner)]))
    return value
  }
}

/**
 * One interaction on its own, as llama-stack's newer recorder writes it: the response's `id` (every chunk's, for
 * a stream) becomes `rec-<first 12 hex digits of the request hash>` and `created` becomes 0 (with a format's
 * `fields`, every volatile field it names). Model lists keep their ids, errors their bodies.
 */
export function normalizeIds(interaction: Interaction, fields: VolatileFields = LLAMA_STACK_FIELDS): Interaction {
  return new IdNormalizer().interaction(interaction, fields)
}
