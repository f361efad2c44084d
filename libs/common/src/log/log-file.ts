import { closeSync, constants, existsSync, fstatSync, mkdirSync, openSync, statSync, writeSync, type Stats } from 'node:fs';
import { dirname } from 'node:path';
import { messages } from '../i18n/messages.js';
import { consoleErr } from './console-out.js';
import { formatFields, formatLine, lineHead, type Fields } from './log-line.js';
import { LogEvent } from './log.constants.js';

/** Flush at once past this many buffered characters, so memory stays bounded under a burst. */
const MAX_BUFFERED = 64 * 1024;
/** How often (at most) a write first checks that the path still names the open file. */
const CHECK_EVERY_MS = 250;
/** Bytes of lines kept since the last check, to write again if the file turns out deleted; past this they are counted lost. */
const MAX_REPLAY_BYTES = 4 * 1024 * 1024;
const NOTHING: Buffer = Buffer.alloc(0);
/** The least a buffer of the log grows to, and the size below which a kept one is never let go. */
const SMALLEST_BUFFER = 64 * 1024;
/** How large a buffer that holds `have` bytes grows to hold `need`: at least doubled, so growing stays rare. */
const grownSize = (need: number, have: number): number => Math.max(need, 2 * have, SMALLEST_BUFFER);
/** The buffer a batch is encoded into is kept for the next batch up to this size; a larger one is made for its batch only. */
const KEEP_ENCODED_BYTES = 1024 * 1024;
/**
 * Ends a line that a full disk cut short. No whole line ends with a space, so
 * a parser can never take the fragment for an event (parseLogLine gives null).
 */
export const TORN_MARK = ' [torn: the disk was full]\n';

/** How a LogFile writes `length` bytes from `offset`: `fs.writeSync`, or a test's stand-in that fails on cue. */
export type WriteFn = (fd: number, data: Buffer, offset: number, length: number) => number;
const writeToFd: WriteFn = (fd, data, offset, length) => writeSync(fd, data, offset, length);

/** Makes the log's own lines (LOG_RECOVERED, LOG_REOPENED) in the format of the events around them. */
export type NoticeFormat = (
  at: number,
  event: typeof LogEvent.LOG_RECOVERED | typeof LogEvent.LOG_REOPENED,
  fields: Fields,
) => string;

interface Waiter {
  fn: (written: boolean) => void;
  /** Events of the batch appended before the waiter: it waits for those. */
  events: number;
}

/** The file cannot be written: why, and how many events were dropped since the last LOG_RECOVERED. */
interface Outage {
  why: string;
  lost: number;
}

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
 * an event (a reply on a socket) waits for `afterFlush`, which says whether the
 * event got into the file, so the log always holds an event before its effect
 * can be seen.
 *
 * When the file cannot be written (disk full, read-only file system) events are
 * dropped and counted — memory stays bounded — and every later batch tries
 * again; stderr hears of it once per outage, and the first line that gets
 * through is LOG_RECOVERED with the count. A line cut short by a full disk is
 * ended with TORN_MARK before anything else is written. A file that was
 * deleted or renamed under the process is noticed within CHECK_EVERY_MS and
 * its path opened again (LOG_REOPENED); the lines written to a deleted file
 * since the last check are written again, so none is lost.
 */
export class LogFile {
  private fd: number;
  /** The identity of the open file, to notice that the path names another one. */
  private dev: number;
  private ino: number;
  private closed = false;
  private buffer = '';
  private bufferedEvents = 0;
  /** Time of the batch's first event: the log's own lines in front of the batch carry it, so times never go backwards. */
  private batchAt = 0;
  private scheduled = false;
  private waiting: Waiter[] = [];
  /** Whether every event of the last batch reached the file; what `afterFlush` says when nothing is buffered. */
  private lastWritten = true;
  /** The file ends in the middle of a line that we cut short. */
  private torn = false;
  private outage?: Outage;
  private lastCheck = 0;
  /**
   * The bytes of the batches written since the last check, and how many
   * events they hold. Kept as bytes outside V8's heap: kept as strings, a
   * quarter of a second of a busy server's lines (megabytes) was copied by
   * every young-generation collection and then promoted.
   */
  private sinceCheck = NOTHING;
  private sinceCheckBytes = 0;
  private sinceCheckEvents = 0;
  /** Events written since the last check that could not be kept for a replay. */
  private sinceCheckUnkept = 0;
  private noticeFormat: NoticeFormat;
  /** Where a batch is encoded before its write(2), kept from batch to batch. */
  private encoded = NOTHING;

  private constructor(
    readonly path: string,
    fd: number,
    private readonly write: WriteFn,
  ) {
    this.fd = fd;
    const st = fstatSync(fd);
    this.dev = st.dev;
    this.ino = st.ino;
    this.lastCheck = Date.now();
    const head = lineHead('log', process.pid);
    this.noticeFormat = (at, event, fields) => formatLine(at, head, event, formatFields(fields));
  }

  /**
   * Opens (creating the directories) for appending; throws a readable error if
   * it cannot, or if the path is not a regular file (a FIFO would block the
   * process or swallow the log).
   */
  static open(path: string, write: WriteFn = writeToFd): LogFile {
    return new LogFile(path, openAppend(path), write);
  }

  /** How the log's own lines look: the event log makes them like its events. */
  useNoticeFormat(format: NoticeFormat): void {
    this.noticeFormat = format;
  }

  /** Appends one whole line (LF included) stamped `at`; written at the end of this turn of the event loop. */
  append(line: string, at: number = Date.now()): void {
    if (this.closed) return;
    if (this.bufferedEvents === 0) this.batchAt = at;
    this.buffer += line;
    this.bufferedEvents += 1;
    if (this.buffer.length >= MAX_BUFFERED) this.flush();
    else this.schedule();
  }

  /**
   * Runs `fn` once the events appended so far are written (`true`) or could
   * not be (`false`: they were lost, the file cannot be written).
   */
  afterFlush(fn: (written: boolean) => void): void {
    if (this.bufferedEvents === 0) fn(this.lastWritten);
    else {
      this.waiting.push({ fn, events: this.bufferedEvents });
      this.schedule();
    }
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(this.flushScheduled);
  }

  private readonly flushScheduled = (): void => {
    this.scheduled = false;
    this.flush();
  };

  /** Writes what is buffered, now. */
  flush(): void {
    const written = this.bufferedEvents > 0 ? this.writeBatch() : 0;
    if (this.waiting.length > 0) {
      const waiting = this.waiting;
      this.waiting = [];
      for (const w of waiting) w.fn(w.events <= written);
    }
  }

  /** Writes the batch, with whatever must come before it; returns how many of its events reached the file. */
  private writeBatch(): number {
    const batch = this.buffer;
    const events = this.bufferedEvents;
    this.buffer = '';
    this.bufferedEvents = 0;
    const now = Date.now();
    let replay = '';
    let replayEvents = 0;
    let reopened: string | undefined;
    if (now - this.lastCheck >= CHECK_EVERY_MS) {
      const check = this.checkPath();
      if (check) ({ replay, replayEvents, reopened } = check);
    }
    if (this.fd < 0) return this.failed(events, 0, this.outage?.why ?? messages().log.notOpen);

    // Whatever is written in front of the batch, counted in lines.
    let text = this.torn ? TORN_MARK : '';
    let lines = this.torn ? 1 : 0;
    const replayFrom = lines;
    text += replay;
    lines += replayEvents;
    if (reopened) {
      text += this.noticeFormat(this.batchAt, LogEvent.LOG_REOPENED, { why: reopened, written_again: replayEvents || undefined });
      lines += 1;
    }
    let recoveredAt = -1;
    if (this.outage) {
      text += this.noticeFormat(this.batchAt, LogEvent.LOG_RECOVERED, { lost: this.outage.lost, why: this.outage.why });
      lines += 1;
      recoveredAt = lines;
    }
    const batchFrom = lines;
    const before = text;
    text += batch;
    if (text.length === 0) return 0;

    const result = this.writeAll(text);
    if (!result.error) {
      this.torn = false;
      this.lastWritten = true;
      if (this.outage) {
        consoleErr().write(messages().log.writableAgain(this.path, this.outage.lost) + '\n');
        this.outage = undefined;
      }
      this.keepForReplay(result.bytes.subarray(Buffer.byteLength(before)), events);
      return events;
    }
    // Some of it may be in the file: the whole lines up to the last LF written.
    const full = countLines(result.bytes, result.written);
    if (result.written > 0) this.torn = result.bytes[result.written - 1] !== 0x0a;
    const writtenEvents = Math.min(events, Math.max(0, full - batchFrom));
    // Those that got in are not kept for a replay: no later batch is either, so a replay never has a gap.
    this.sinceCheckUnkept += writtenEvents;
    const replayLost = replayEvents - Math.min(replayEvents, Math.max(0, full - replayFrom));
    // A LOG_RECOVERED that got through has told of the events lost before it.
    if (this.outage && recoveredAt >= 0 && full >= recoveredAt) this.outage.lost = 0;
    return this.failed(events, writtenEvents, describeWriteError(result.error), replayLost);
  }

  /** Counts what a failed write lost and says so on stderr, once per outage. */
  private failed(events: number, writtenEvents: number, why: string, alsoLost = 0): number {
    if (!this.outage) {
      this.outage = { why, lost: 0 };
      consoleErr().write(messages().log.cannotWrite(this.path, why) + '\n');
    }
    this.outage.why = why;
    this.outage.lost += events - writtenEvents + alsoLost;
    this.lastWritten = writtenEvents === events;
    return writtenEvents;
  }

  /** The text encoded once, then written until all of it is in the file (a short write goes on from where it stopped). */
  private writeAll(text: string): { written: number; bytes: Buffer; error?: unknown } {
    let bytes = NOTHING;
    let written = 0;
    try {
      // Inside the try: a buffer for a huge text may fail to be made, and that is a failed write like any other.
      bytes = this.encode(text);
      while (written < bytes.length) {
        const n = this.write(this.fd, bytes, written, bytes.length - written);
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
   * The text as UTF-8, in a buffer that is used again for the next batch: one
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

  /**
   * Copies a written batch's bytes to the ones kept since the last check,
   * while they fit in MAX_REPLAY_BYTES. Once one batch did not, no later one
   * is kept either: what is written again is the first lines, with no gap.
   */
  private keepForReplay(bytes: Buffer, events: number): void {
    const end = this.sinceCheckBytes + bytes.length;
    if (this.sinceCheckUnkept > 0 || end > MAX_REPLAY_BYTES) {
      this.sinceCheckUnkept += events;
      return;
    }
    if (end > this.sinceCheck.length) {
      const bigger = Buffer.allocUnsafeSlow(Math.min(MAX_REPLAY_BYTES, grownSize(end, this.sinceCheck.length)));
      this.sinceCheck.copy(bigger, 0, 0, this.sinceCheckBytes);
      this.sinceCheck = bigger;
    }
    bytes.copy(this.sinceCheck, this.sinceCheckBytes);
    this.sinceCheckBytes = end;
    this.sinceCheckEvents += events;
  }

  /**
   * Whether the path still names the open file. If not, opens the path again
   * and returns why, with the lines to write again when the old file is gone
   * for good (deleted: they went nowhere). A renamed file still holds them.
   */
  private checkPath(): { replay: string; replayEvents: number; reopened: string } | undefined {
    this.lastCheck = Date.now();
    let why: string | undefined;
    let deleted = false;
    if (this.fd < 0) why = this.outage?.why ?? messages().log.notOpen;
    else {
      let st: Stats | undefined;
      try {
        st = fstatSync(this.fd);
      } catch {
        st = undefined;
      }
      let named: Stats | undefined;
      try {
        named = statSync(this.path, { throwIfNoEntry: false });
      } catch {
        // Cannot look (a directory lost its permissions): keep writing where we are.
        named = st;
      }
      if (!st || st.nlink === 0) {
        deleted = true;
        why = messages().log.deleted;
      } else if (!named) why = messages().log.renamed;
      else if (named.ino !== this.ino || named.dev !== this.dev) {
        why = messages().log.replaced;
      }
    }
    if (!why) {
      this.forgetReplay();
      return undefined;
    }
    let fd: number;
    try {
      fd = openAppend(this.path);
    } catch (error) {
      // Keep nothing flowing into the old file: every batch is counted lost until the path opens again.
      if (this.fd >= 0) this.closeFd();
      if (deleted) this.outageLost(this.sinceCheckEvents + this.sinceCheckUnkept);
      this.forgetReplay();
      this.failed(0, 0, messages().log.cannotReopen(why, (error as Error).message));
      return undefined;
    }
    if (this.fd >= 0) this.closeFd();
    this.fd = fd;
    const st = fstatSync(fd);
    this.dev = st.dev;
    this.ino = st.ino;
    this.torn = false;
    const replay = deleted ? this.sinceCheck.toString('utf8', 0, this.sinceCheckBytes) : '';
    const replayEvents = deleted ? this.sinceCheckEvents : 0;
    if (deleted && this.sinceCheckUnkept > 0) this.outageLost(this.sinceCheckUnkept);
    this.forgetReplay();
    return { replay, replayEvents, reopened: why };
  }

  private outageLost(events: number): void {
    if (events === 0) return;
    this.failed(events, 0, messages().log.deletedBeforeWrittenAgain);
  }

  private forgetReplay(): void {
    // A busy stretch grew the buffer; once a quarter of a second uses less than a quarter of it, it is let go.
    if (this.sinceCheck.length > SMALLEST_BUFFER && this.sinceCheckBytes < this.sinceCheck.length / 4) this.sinceCheck = NOTHING;
    this.sinceCheckBytes = 0;
    this.sinceCheckEvents = 0;
    this.sinceCheckUnkept = 0;
  }

  private closeFd(): void {
    try {
      closeSync(this.fd);
    } catch {
      // Closing is best effort: the descriptor is dropped either way.
    }
    this.fd = -1;
  }

  /** Writes what is left (after checking the path once more) and closes; says on stderr what could not be written. */
  close(): void {
    if (this.closed) return;
    // Checked once more even with nothing buffered: lines written to a file
    // deleted since the last check are written again before the process goes.
    this.lastCheck = -Infinity;
    if (this.bufferedEvents > 0) this.flush();
    else this.writeBatch();
    this.closed = true;
    if (this.outage && this.outage.lost > 0) {
      consoleErr().write(messages().log.lostAtExit(this.path, this.outage.lost, this.outage.why) + '\n');
    }
    if (this.fd >= 0) this.closeFd();
  }
}

/**
 * `mkdir -p`, one directory at a time. Not `mkdirSync(dir, { recursive: true })`:
 * on Node 20 that never returns for a path under /proc (measured: it spins at
 * full CPU until killed), where this stops with the first directory that
 * cannot be made (ENOENT).
 */
function makeDirectories(dir: string): void {
  const missing: string[] = [];
  for (let d = dir; !existsSync(d); d = dirname(d)) {
    missing.push(d);
    if (dirname(d) === d) break;
  }
  for (const d of missing.reverse()) {
    try {
      mkdirSync(d);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}

/** Opens `path` for appending, refusing anything but a regular file, without ever blocking on a FIFO. */
function openAppend(path: string): number {
  try {
    makeDirectories(dirname(path));
    const existing = statSync(path, { throwIfNoEntry: false });
    if (existing && !existing.isFile()) throw new NotRegularFile(existing);
    const fd = openSync(path, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | constants.O_NONBLOCK, 0o644);
    const st = fstatSync(fd);
    if (!st.isFile()) {
      closeSync(fd);
      throw new NotRegularFile(st);
    }
    return fd;
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    const why =
      error instanceof NotRegularFile ? error.message : (messages().log.openFailures[e.code ?? ''] ?? e.code ?? e.message);
    throw new Error(messages().log.cannotOpen(path, why), { cause: error });
  }
}

class NotRegularFile extends Error {
  constructor(st: Stats) {
    const kind = st.isDirectory()
      ? 'directory'
      : st.isFIFO()
        ? 'fifo'
        : st.isSocket()
          ? 'socket'
          : st.isCharacterDevice() || st.isBlockDevice()
            ? 'device'
            : 'other';
    super(messages().log.notRegular(kind));
  }
}

function describeWriteError(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  const known = e.code === undefined ? undefined : messages().log.writeErrors[e.code];
  if (known) return known;
  return e.code ? `${e.code}: ${e.message}` : String(e.message ?? e);
}

/** Complete lines in the first `length` bytes. */
function countLines(bytes: Buffer, length: number): number {
  let n = 0;
  for (let i = bytes.indexOf(0x0a); i !== -1 && i < length; i = bytes.indexOf(0x0a, i + 1)) n += 1;
  return n;
}
