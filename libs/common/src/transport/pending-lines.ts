import { PENDING_LINE_OVERHEAD_BYTES } from './transport.constants.js';

/**
 * What a pending line holds of memory, counted in UTF-8 bytes (close to what
 * V8 stores: Latin-1 text one byte a character, the rest two), plus its share
 * of the queue and of the reply it will get.
 */
function costOf(line: string): number {
  return Buffer.byteLength(line) + PENDING_LINE_OVERHEAD_BYTES;
}

/** A connection's lines read and not yet handed to the handler, in order, and what they cost (`costOf`). */
export class PendingLines {
  private readonly lines: string[] = [];
  private cost = 0;

  /** How many lines wait. */
  get count(): number {
    return this.lines.length;
  }

  /** What the waiting lines hold of memory. */
  get bytes(): number {
    return this.cost;
  }

  /** The next line, left in place. */
  get first(): string | undefined {
    return this.lines[0];
  }

  push(line: string): void {
    this.lines.push(line);
    this.cost += costOf(line);
  }

  /** Takes the next line away. */
  shift(): void {
    const line = this.lines.shift();
    if (line !== undefined) this.cost -= costOf(line);
  }

  clear(): void {
    this.lines.length = 0;
    this.cost = 0;
  }
}
