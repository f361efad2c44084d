import { writeSync } from 'node:fs';
import { messages } from '../i18n/messages.js';

/** How a log file writes `length` bytes from `offset`: `fs.writeSync`, or a test's stand-in that fails on cue. */
export type WriteFn = (fd: number, data: Buffer, offset: number, length: number) => number;
export const writeToFd: WriteFn = (fd, data, offset, length) => writeSync(fd, data, offset, length);

export const NOTHING: Buffer = Buffer.alloc(0);
/** The least a buffer of the log grows to, and the size below which a kept one is never let go. */
export const SMALLEST_BUFFER = 64 * 1024;
/** How large a buffer that holds `have` bytes grows to hold `need`: at least doubled, so growing stays rare. */
export const grownSize = (need: number, have: number): number => Math.max(need, 2 * have, SMALLEST_BUFFER);
/** The buffer a batch is encoded into is kept for the next batch up to this size; a larger one is made for its batch only. */
const KEEP_ENCODED_BYTES = 1024 * 1024;

/** What one `writeAll` did: the text's bytes, how many of them are in the file, and the error that stopped it. */
interface WriteResult {
  written: number;
  bytes: Buffer;
  error?: unknown;
}

/**
 * Writes a text whole to a descriptor: encoded once into a buffer kept from
 * call to call, then written until all of it is in (a short write goes on from
 * where it stopped).
 */
export class WholeWriter {
  /** Where a text is encoded before its write(2), kept from call to call. */
  private encoded = NOTHING;

  constructor(private readonly write: WriteFn) {}

  /** Writes `text`; the result's `bytes` are valid until the next call. */
  writeAll(fd: number, text: string): WriteResult {
    let bytes = NOTHING;
    let written = 0;
    try {
      // Inside the try: a buffer for a huge text may fail to be made, and that is a failed write like any other.
      bytes = this.encode(text);
      while (written < bytes.length) {
        const n = this.write(fd, bytes, written, bytes.length - written);
        // No progress and no error: never loop on it.
        if (n <= 0) return { written, bytes, error: new Error(messages().log.wroteNothing) };
        written += n;
      }
      return { written, bytes };
    } catch (error) {
      return { written, bytes, error };
    }
  }

  /**
   * The text as UTF-8, in a buffer that is used again for the next call: one
   * pass over the text, where writing the string itself took two (Node
   * encodes it, and a short write has to be told from a whole one by its
   * byte length). Valid until the next call.
   */
  private encode(text: string): Buffer {
    // A UTF-16 code unit takes at most 3 bytes in UTF-8 (a surrogate pair, two units, takes 4).
    const most = text.length * 3;
    let into = this.encoded;
    if (most > into.length) {
      into = Buffer.allocUnsafeSlow(grownSize(most, into.length));
      if (into.length <= KEEP_ENCODED_BYTES) this.encoded = into;
    }
    return into.subarray(0, into.write(text));
  }
}

/** A failed write's error in words: the known codes from the catalogue, else the code and the system's message. */
export function describeWriteError(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  const known = e.code === undefined ? undefined : messages().log.writeErrors[e.code];
  if (known) return known;
  return e.code ? `${e.code}: ${e.message}` : String(e.message ?? e);
}

/** Complete lines in the first `length` bytes. */
export function countLines(bytes: Buffer, length: number): number {
  let n = 0;
  for (let i = bytes.indexOf(0x0a); i !== -1 && i < length; i = bytes.indexOf(0x0a, i + 1)) n += 1;
  return n;
}
