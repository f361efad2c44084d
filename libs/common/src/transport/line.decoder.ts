import { LineTooLongError } from './line-too-long.error.js';

const LF = 0x0a;
const CR = 0x0d;

/** What one `push` produced: whole lines, and the error that ended the stream, if any. */
export interface DecodeResult {
  lines: string[];
  error?: LineTooLongError;
}

const NOTHING: DecodeResult = Object.freeze({ lines: [] }) as DecodeResult;

/**
 * A pure line codec: bytes in, lines (or a typed error) out. It knows nothing of
 * sockets, so it is tested on literal wire bytes.
 *
 * Framing happens on bytes, before any decoding, so a multi-byte UTF-8
 * character split across chunks is decoded whole, and invalid bytes become
 * U+FFFD line by line. A line is limited to `maxLineBytes` bytes before its LF
 * (a CR right before the LF counts towards the limit, then is dropped); the
 * partial line is the only thing kept between chunks, so memory is bounded by
 * the limit however much a peer sends without a LF. After an error the decoder
 * is dead: later bytes are ignored.
 */
export class LineDecoder {
  private readonly pending: Buffer[] = [];
  private pendingBytes = 0;
  private failed = false;

  constructor(readonly maxLineBytes: number) {}

  /** Bytes of the unfinished line held so far (never more than the limit). */
  get bufferedBytes(): number {
    return this.pendingBytes;
  }

  push(chunk: Buffer): DecodeResult {
    if (this.failed || chunk.length === 0) return NOTHING;
    let lf = chunk.indexOf(LF);
    if (lf === -1) return this.hold(chunk, 0);

    const lines: string[] = [];
    let start = 0;
    if (this.pendingBytes > 0) {
      // The first LF completes the line held from earlier chunks.
      if (this.pendingBytes + lf > this.maxLineBytes) return this.fail(lines);
      this.pending.push(chunk.subarray(0, lf));
      const whole = Buffer.concat(this.pending, this.pendingBytes + lf);
      this.pending.length = 0;
      this.pendingBytes = 0;
      lines.push(decode(whole, 0, whole.length));
      start = lf + 1;
      lf = chunk.indexOf(LF, start);
    }
    while (lf !== -1) {
      if (lf - start > this.maxLineBytes) return this.fail(lines);
      lines.push(decode(chunk, start, lf));
      start = lf + 1;
      lf = chunk.indexOf(LF, start);
    }
    if (start < chunk.length) {
      const rest = this.hold(chunk, start);
      if (rest.error) return { lines, error: rest.error };
    }
    return { lines };
  }

  /** Keeps the unfinished tail of a chunk, or fails once it passes the limit. */
  private hold(chunk: Buffer, start: number): DecodeResult {
    const size = chunk.length - start;
    if (this.pendingBytes + size > this.maxLineBytes) return this.fail([]);
    // Copy: the socket may reuse the chunk's memory, and a small slice would
    // otherwise pin a large pooled buffer.
    this.pending.push(Buffer.from(chunk.subarray(start)));
    this.pendingBytes += size;
    return NOTHING;
  }

  private fail(lines: string[]): DecodeResult {
    this.failed = true;
    this.pending.length = 0;
    this.pendingBytes = 0;
    return { lines, error: new LineTooLongError(this.maxLineBytes) };
  }
}

function decode(bytes: Buffer, start: number, end: number): string {
  if (end > start && bytes[end - 1] === CR) end -= 1;
  return bytes.toString('utf8', start, end);
}
