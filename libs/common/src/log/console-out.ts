import { messages } from '../i18n/messages.js';

/** Bytes a console stream may hold unsent before further lines are dropped (and counted) instead of queued. */
export const CONSOLE_BACKLOG_BYTES = 64 * 1024;

/** What of a stream the writer needs; `process.stdout` and `process.stderr` are such. */
export interface ConsoleStream {
  write(text: string): boolean;
  readonly writableLength: number;
  once(event: 'drain', listener: () => void): unknown;
  readonly isTTY?: boolean;
  /** libuv's handle: a terminal's has `setBlocking`. */
  _handle?: { setBlocking?: (blocking: boolean) => unknown };
}

/**
 * One console stream (stdout or stderr) that is never waited for.
 *
 * Node writes to a terminal synchronously on POSIX: once the terminal stops
 * reading (Ctrl-S, a frozen terminal emulator, a pty nobody reads) the next
 * write blocks the whole process, and a server stops serving. Here the
 * terminal is switched to non-blocking writes (libuv opened the terminal
 * again for this process, so the shell and other processes sharing it are
 * not affected) and a pipe already is; what the stream cannot take at once
 * is queued by Node up to CONSOLE_BACKLOG_BYTES, and past that lines are
 * dropped and counted. When the stream drains, one line says how many were
 * dropped. The console is only a view: every event is in the log file.
 */
export class ConsoleOut {
  private dropped = 0;
  private waitingForDrain = false;

  constructor(
    private readonly stream: ConsoleStream,
    private readonly backlogBytes = CONSOLE_BACKLOG_BYTES,
  ) {
    if (stream.isTTY) stream._handle?.setBlocking?.(false);
  }

  /** Lines dropped since the stream last drained. */
  get droppedLines(): number {
    return this.dropped;
  }

  /** Writes `text` (one or more whole lines) now, or drops it if the stream is not draining; `false` when dropped. */
  write(text: string): boolean {
    if (this.stream.writableLength >= this.backlogBytes) {
      this.dropped += countLines(text);
      this.awaitDrain();
      return false;
    }
    try {
      this.stream.write(text);
    } catch {
      // A stream destroyed under us (the reader went away): the console is only a view.
      return false;
    }
    return true;
  }

  private awaitDrain(): void {
    if (this.waitingForDrain) return;
    this.waitingForDrain = true;
    this.stream.once('drain', () => {
      this.waitingForDrain = false;
      const n = this.dropped;
      this.dropped = 0;
      if (n > 0) this.write(messages().reliability.consoleDropped(n) + '\n');
    });
  }
}

function countLines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n += 1;
  return Math.max(n, 1);
}

let out: ConsoleOut | undefined;
let err: ConsoleOut | undefined;

/** This process's stdout, never waited for (`ConsoleOut`); made on first use. */
export function consoleOut(): ConsoleOut {
  return (out ??= new ConsoleOut(process.stdout as unknown as ConsoleStream));
}

/** This process's stderr, never waited for (`ConsoleOut`); made on first use. */
export function consoleErr(): ConsoleOut {
  return (err ??= new ConsoleOut(process.stderr as unknown as ConsoleStream));
}
