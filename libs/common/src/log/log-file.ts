import { closeSync, fstatSync, statSync, type Stats } from 'node:fs';
import { messages } from '../i18n/messages.js';
import { formatFields, formatLine, lineHead, type Fields } from './log-line.js';
import { LogEvent } from './log.constants.js';
import { LogOutage } from './log-outage.js';
import { openAppend } from './open-append.js';
import { ReplayKeeper } from './replay-keeper.js';
import { WholeWriter, countLines, describeWriteError, writeToFd, type WriteFn } from './whole-write.js';

/** Flush at once past this many buffered characters, so memory stays bounded under a burst. */
const MAX_BUFFERED = 64 * 1024;
/** How often (at most) a write first checks that the path still names the open file. */
const CHECK_EVERY_MS = 250;
/**
 * Ends a line that a full disk cut short. No whole line ends with a space, so
 * a parser can never take the fragment for an event (parseLogLine gives null).
 */
export const TORN_MARK = ' [torn: the disk was full]\n';

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
  private readonly outage: LogOutage;
  private lastCheck = 0;
  /** The batches written since the last check, to write again if the file turns out deleted. */
  private readonly sinceCheck = new ReplayKeeper();
  private noticeFormat: NoticeFormat;
  private readonly writer: WholeWriter;

  private constructor(
    readonly path: string,
    fd: number,
    write: WriteFn,
  ) {
    this.fd = fd;
    this.outage = new LogOutage(path);
    this.writer = new WholeWriter(write);
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
    if (this.fd < 0) return this.failed(events, 0, this.outage.why ?? messages().log.notOpen);

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
    if (this.outage.active) {
      text += this.noticeFormat(this.batchAt, LogEvent.LOG_RECOVERED, { lost: this.outage.lost, why: this.outage.why });
      lines += 1;
      recoveredAt = lines;
    }
    const batchFrom = lines;
    const before = text;
    text += batch;
    if (text.length === 0) return 0;

    const result = this.writer.writeAll(this.fd, text);
    if (!result.error) {
      this.torn = false;
      this.lastWritten = true;
      this.outage.recovered();
      this.sinceCheck.keep(result.bytes.subarray(Buffer.byteLength(before)), events);
      return events;
    }
    // Some of it may be in the file: the whole lines up to the last LF written.
    const full = countLines(result.bytes, result.written);
    if (result.written > 0) this.torn = result.bytes[result.written - 1] !== 0x0a;
    const writtenEvents = Math.min(events, Math.max(0, full - batchFrom));
    // Those that got in are not kept for a replay: no later batch is either, so a replay never has a gap.
    this.sinceCheck.skip(writtenEvents);
    const replayLost = replayEvents - Math.min(replayEvents, Math.max(0, full - replayFrom));
    // A LOG_RECOVERED that got through has told of the events lost before it.
    if (recoveredAt >= 0 && full >= recoveredAt) this.outage.told();
    return this.failed(events, writtenEvents, describeWriteError(result.error), replayLost);
  }

  /** Counts what a failed write lost (the outage says so on stderr, once); returns how many events got in. */
  private failed(events: number, writtenEvents: number, why: string, alsoLost = 0): number {
    this.outage.failed(events - writtenEvents + alsoLost, why);
    this.lastWritten = writtenEvents === events;
    return writtenEvents;
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
    if (this.fd < 0) why = this.outage.why ?? messages().log.notOpen;
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
      this.sinceCheck.forget();
      return undefined;
    }
    let fd: number;
    try {
      fd = openAppend(this.path);
    } catch (error) {
      // Keep nothing flowing into the old file: every batch is counted lost until the path opens again.
      if (this.fd >= 0) this.closeFd();
      if (deleted) this.outageLost(this.sinceCheck.events + this.sinceCheck.unkept);
      this.sinceCheck.forget();
      this.failed(0, 0, messages().log.cannotReopen(why, (error as Error).message));
      return undefined;
    }
    if (this.fd >= 0) this.closeFd();
    this.fd = fd;
    const st = fstatSync(fd);
    this.dev = st.dev;
    this.ino = st.ino;
    this.torn = false;
    const replay = deleted ? this.sinceCheck.text() : '';
    const replayEvents = deleted ? this.sinceCheck.events : 0;
    if (deleted && this.sinceCheck.unkept > 0) this.outageLost(this.sinceCheck.unkept);
    this.sinceCheck.forget();
    return { replay, replayEvents, reopened: why };
  }

  private outageLost(events: number): void {
    if (events === 0) return;
    this.failed(events, 0, messages().log.deletedBeforeWrittenAgain);
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
    this.outage.closing();
    if (this.fd >= 0) this.closeFd();
  }
}
