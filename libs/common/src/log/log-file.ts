import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

/** Flush at once past this many buffered bytes, so memory stays bounded under a burst. */
const MAX_BUFFERED = 64 * 1024;

/**
 * An append-only log file shared by every process that opens it.
 *
 * Why not winston's file transport: several processes (the cluster's primary
 * and workers) write one file, and no line may be torn, interleaved or lost.
 * Here each process opens the file with O_APPEND and hands the kernel whole
 * lines in one write(2): on a local file system an O_APPEND write is placed at
 * the end and not mixed with another process's write, so records of different
 * processes interleave only as whole lines. Writes are synchronous, so a line
 * that was flushed is in the kernel even if the process is killed the next
 * moment, and nothing is left in a stream buffer at exit.
 *
 * Lines appended in one turn of the event loop are batched into one write at
 * the end of the turn (setImmediate), which keeps the cost per event low under
 * load. A caller that makes something visible to the outside world because of
 * an event (a reply on a socket) can wait for `afterFlush`, so the log always
 * holds an event before its effect can be seen.
 */
/** What a student can act on, for the ways opening a log file fails. */
const OPEN_FAILURES: Record<string, string> = {
  EACCES: 'permission denied (EACCES)',
  EPERM: 'permission denied (EPERM)',
  EROFS: 'the file system is read-only (EROFS)',
  EISDIR: 'that path is a directory (EISDIR)',
  // mkdir says EEXIST and open says ENOTDIR when a file stands where a directory should be.
  EEXIST: 'a part of the path is a file, not a directory (ENOTDIR)',
  ENOTDIR: 'a part of the path is a file, not a directory (ENOTDIR)',
  ENOSPC: 'no space left on the device (ENOSPC)',
  ENAMETOOLONG: 'the path is too long (ENAMETOOLONG)',
};

export class LogFile {
  private fd: number;
  private buffer = '';
  private scheduled = false;
  private waiting: Array<() => void> = [];

  private constructor(
    readonly path: string,
    fd: number,
  ) {
    this.fd = fd;
  }

  /** Opens (creating the directories) for appending; throws a readable error if it cannot. */
  static open(path: string): LogFile {
    try {
      mkdirSync(dirname(path), { recursive: true });
      return new LogFile(path, openSync(path, 'a', 0o644));
    } catch (error) {
      const e = error as NodeJS.ErrnoException;
      throw new Error(`cannot open log file ${path} for appending: ${OPEN_FAILURES[e.code ?? ''] ?? e.code ?? e.message}`);
    }
  }

  get isOpen(): boolean {
    return this.fd >= 0;
  }

  append(line: string): void {
    if (this.fd < 0) return;
    this.buffer += line;
    if (this.buffer.length >= MAX_BUFFERED) this.flush();
    else if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(this.flushScheduled);
    }
  }

  /** Runs `fn` once everything appended so far is written. */
  afterFlush(fn: () => void): void {
    if (this.buffer.length === 0) fn();
    else {
      this.waiting.push(fn);
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(this.flushScheduled);
      }
    }
  }

  private readonly flushScheduled = (): void => {
    this.scheduled = false;
    this.flush();
  };

  /** Writes what is buffered, now. */
  flush(): void {
    if (this.buffer.length > 0 && this.fd >= 0) {
      const text = this.buffer;
      this.buffer = '';
      // The whole batch in one write(2), the string encoded by Node on the
      // way down. A short write (disk nearly full) is finished from a Buffer.
      let bytes: Buffer | undefined;
      let off = 0;
      let length = -1;
      while (length < 0 || off < length) {
        try {
          if (!bytes) {
            off = writeSync(this.fd, text);
            length = Buffer.byteLength(text);
            if (off < length) bytes = Buffer.from(text, 'utf8');
          } else {
            off += writeSync(this.fd, bytes, off, length - off);
          }
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code === 'EAGAIN') continue;
          // Disk full or the file went away: report once on stderr and drop
          // this batch rather than crash the server that is logging.
          process.stderr.write(`log: cannot write ${this.path}: ${(error as Error).message}\n`);
          break;
        }
      }
    }
    if (this.waiting.length > 0) {
      const waiting = this.waiting;
      this.waiting = [];
      for (const fn of waiting) fn();
    }
  }

  close(): void {
    if (this.fd < 0) return;
    this.flush();
    closeSync(this.fd);
    this.fd = -1;
  }
}
