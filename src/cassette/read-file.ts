import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs'
import { CassetteError } from '../errors.js'

/**
 * The largest cassette read: 256 MiB. Reading one keeps its text and, while it is parsed, the parsed values
 * alive; far above this (512 MiB) the text no longer fits in one JavaScript string at all.
 */
export const MAX_CASSETTE_BYTES = 256 * 1024 * 1024

function kindOf(stats: Stats): string {
  if (stats.isDirectory()) return 'a directory'
  if (stats.isFIFO()) return 'a FIFO (named pipe)'
  if (stats.isSocket()) return 'a socket'
  if (stats.isCharacterDevice()) return 'a character device'
  if (stats.isBlockDevice()) return 'a block device'
  return 'not a regular file'
}

/**
 * Files up to this size are read into one buffer kept for every read of the process (`use` keeps no bytes, so
 * the next read may overwrite them): a fresh buffer per read costs its allocation and the kernel's zeroed pages
 * again on every read, and a resizable one more: 45 µs against 13 µs for a 14 KB file.
 */
const REUSED_BUFFER_BYTES = 1024 * 1024
/** Files up to this size get a buffer of their own, left to the garbage collector; larger ones a resizable one. */
const RELEASED_AT_ONCE_BYTES = 16 * 1024 * 1024

let reused: Buffer | undefined

function bufferFor(size: number): { bytes: Buffer; memory?: ArrayBuffer } {
  if (size <= REUSED_BUFFER_BYTES) {
    if (!reused || reused.length < size) reused = Buffer.allocUnsafeSlow(Math.max(size, 64 * 1024))
    return { bytes: reused }
  }
  if (size <= RELEASED_AT_ONCE_BYTES) return { bytes: Buffer.allocUnsafeSlow(size) }
  // Resizable (ES2024), so it can be shrunk to nothing at once; TypeScript's ES2022 lib lacks the option.
  const memory = new (ArrayBuffer as new (length: number, options: { maxByteLength: number }) => ArrayBuffer)(size, { maxByteLength: size })
  return { bytes: Buffer.from(memory), memory }
}

const mebibytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`

/**
 * Reads the cassette at `path` and hands its bytes to `use`, or returns undefined when there is none. Opened
 * without blocking and checked with `fstat` before anything is read, so a FIFO or a device is refused at once
 * instead of hanging the read, and a file over {@link MAX_CASSETTE_BYTES} is refused before it is loaded. Every
 * problem is a CassetteError naming the file.
 *
 * `use` must not keep the bytes: a small file's are overwritten by the next read (see {@link REUSED_BUFFER_BYTES}),
 * and a file over {@link RELEASED_AT_ONCE_BYTES} has its released as soon as `use` returns (a resizable buffer
 * shrunk to nothing), rather than whenever the garbage collector next runs. Loading a large cassette then never
 * holds its bytes, its text and its parsed values at once.
 */
export function withCassetteBytes<T>(path: string, use: (bytes: Buffer) => T, display: string = path): T | undefined {
  let fd: number
  try {
    // O_NONBLOCK: opening a FIFO for reading otherwise waits for a writer. It changes nothing for a regular file.
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK)
  } catch (error) {
    // ENOTDIR: a folder on the way is a file (`test/chat.test.ts/answers.json` from the wrong folder): no such cassette.
    const { code } = error as NodeJS.ErrnoException
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined
    throw readError(path, display, (error as Error).message, error)
  }
  let memory: ArrayBuffer | undefined
  try {
    const stats = fstatSync(fd)
    if (!stats.isFile()) throw readError(path, display, `it is ${kindOf(stats)}, not a cassette file`)
    if (stats.size > MAX_CASSETTE_BYTES) {
      throw new CassetteError(
        `${display} is ${mebibytes(stats.size)}, over the ${mebibytes(MAX_CASSETTE_BYTES)} a cassette may have. ` +
          'Split its tests into smaller cassettes (one per test is the default), or keep large bodies out of recorded calls.',
        { code: 'ERR_CASSETTE_TOO_LARGE', cassettePath: path },
      )
    }
    const buffer = bufferFor(stats.size)
    memory = buffer.memory
    const bytes = buffer.bytes.subarray(0, stats.size)
    let length = 0
    // Writers replace a cassette by renaming a new file over it, so the open file keeps the size fstat gave.
    while (length < bytes.length) {
      const read = readSync(fd, bytes, length, bytes.length - length, null)
      if (read === 0) break
      length += read
    }
    return use(bytes.subarray(0, length))
  } catch (error) {
    if (error instanceof CassetteError) throw error
    throw readError(path, display, (error as Error).message, error)
  } finally {
    ;(memory as { resize?: (length: number) => void } | undefined)?.resize?.(0)
    closeSync(fd)
  }
}

function readError(path: string, display: string, problem: string, cause?: unknown): CassetteError {
  return new CassetteError(`cannot read ${display}: ${problem}`, { code: 'ERR_CASSETTE_READ', cassettePath: path, ...(cause === undefined ? {} : { cause }) })
}

/** A copy of the cassette's bytes (see {@link withCassetteBytes}), or undefined when there is none. */
export function readCassetteBytes(path: string, display: string = path): Buffer | undefined {
  // copyBytesFrom is one memcpy; Buffer.from(buffer) copied through its array-like path (a CPU profile of `verify`).
  return withCassetteBytes(path, (bytes) => Buffer.copyBytesFrom(bytes), display)
}
