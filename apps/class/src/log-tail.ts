import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { parseLogLine, type LogRecord } from '@app/common';

/**
 * Follows a log another process appends to: each `poll()` reads what was
 * added since the last one and returns the records of the complete lines. A
 * half-written last line waits for the next poll; a line that does not parse
 * (a fragment torn by a full disk) is skipped. The server stays as it is: the
 * board learns everything from its file.
 */
export class LogTail {
  private offset = 0;
  private partial: Buffer = Buffer.alloc(0);
  readonly records: LogRecord[] = [];

  constructor(readonly file: string) {}

  poll(): LogRecord[] {
    if (!existsSync(this.file)) return [];
    const size = statSync(this.file).size;
    if (size <= this.offset) return [];
    const chunk = Buffer.alloc(size - this.offset);
    const fd = openSync(this.file, 'r');
    try {
      readSync(fd, chunk, 0, chunk.length, this.offset);
    } finally {
      closeSync(fd);
    }
    this.offset = size;
    const data = Buffer.concat([this.partial, chunk]);
    const end = data.lastIndexOf(0x0a);
    if (end < 0) {
      this.partial = data;
      return [];
    }
    this.partial = data.subarray(end + 1);
    const fresh: LogRecord[] = [];
    for (const line of data.subarray(0, end).toString('utf8').split('\n')) {
      const r = parseLogLine(line);
      if (r) fresh.push(r);
    }
    this.records.push(...fresh);
    return fresh;
  }
}
