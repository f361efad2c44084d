import type { LoggerService } from '@nestjs/common';
import { messages } from '../i18n/messages.js';
import { formatFields, formatLine, formatMessageField, lineHead, type Fields } from './log-line.js';
import type { LogFile } from './log-file.js';
import type { LogEventName } from './log.constants.js';

export interface EventLogOptions {
  /** `<app>` of every line. */
  app: string;
  /** Fields every event of this process carries first (`worker=` in server-cluster). */
  context?: Fields;
  /** Also show events on the console, through Nest's logger (at most `echoPerSecond` a second). */
  echo?: LoggerService;
  /** Console lines a second before the echo is summed up instead; default 50. */
  echoPerSecond?: number;
  pid?: number;
}

/**
 * `MIRROR_LAB_ECHO_PER_SECOND=N`: the console echo's events a second (0: none,
 * only the summary line a second). For measurements: under valgrind a server
 * serves some 50 times fewer requests a second, and the 50 echoed events then
 * weigh as much as a fifth of what is counted (docs/performance.md). Anything
 * but a whole number leaves the default.
 */
const ECHO_PER_SECOND_ENV = 'MIRROR_LAB_ECHO_PER_SECOND';

export function echoPerSecondFrom(env: NodeJS.ProcessEnv = process.env): number | undefined {
  const text = env[ECHO_PER_SECOND_ENV]?.trim();
  return text !== undefined && /^\d{1,9}$/.test(text) ? Number(text) : undefined;
}

/**
 * The event log of docs/spec.md#6-logs: one line per event, appended to the app's log file.
 *
 * Every event goes to the file. The console echo is for a person watching:
 * up to `echoPerSecond` events a second are shown as they happen, and past
 * that one line a second says how many more went only to the file. Under
 * load (tens of thousands of events a second) nobody can read them, and
 * formatting each through winston's console transport cost more than serving
 * the request did (`npm run bench`, docs/performance.md).
 */
export class EventLog {
  private readonly prefix: string;
  private readonly pid: number;
  /** ` <app>[<pid>] `: what every line has between its time and its event. */
  private readonly head: string;
  private readonly context: string;
  private readonly echoPerSecond: number;
  /** The last time stamped: the clock may be set back, the log's times are not (docs/spec.md#6-logs). */
  private lastMs = 0;
  private echoWindowStart = 0;
  private echoedInWindow = 0;
  private unechoed = 0;
  private summaryTimer?: NodeJS.Timeout;

  constructor(
    private readonly file: LogFile,
    private readonly options: EventLogOptions,
  ) {
    this.pid = options.pid ?? process.pid;
    this.prefix = options.app;
    this.head = lineHead(this.prefix, this.pid);
    this.context = options.context ? formatFields(options.context) : '';
    this.echoPerSecond = options.echoPerSecond ?? 50;
    file.useNoticeFormat((at, event, fields) => formatLine(at, this.head, event, this.context + formatFields(fields)));
  }

  get path(): string {
    return this.file.path;
  }

  /** The fields of `fields` formatted once, for `message` to put in front of every message's text. */
  static fields(fields: Fields): string {
    return formatFields(fields);
  }

  event(event: LogEventName, fields: Fields = {}): void {
    this.formatted(event, formatFields(fields));
  }

  /**
   * A per-message event (MESSAGE_RECEIVED, MESSAGE_SENT): `fields` made once
   * per connection by `EventLog.fields({ peer })`, then `msg=<text>`, cut
   * at MSG_LOG_BYTES (`formatMessageField`).
   */
  message(event: LogEventName, fields: string, text: string): void {
    this.formatted(event, fields + formatMessageField(text));
  }

  /** The same as `event`, with the fields already formatted (` key=value...`, see `EventLog.fields`). */
  private formatted(event: LogEventName, fields: string): void {
    let now = Date.now();
    if (now < this.lastMs) now = this.lastMs;
    else this.lastMs = now;
    const body = this.context + fields;
    this.file.append(formatLine(now, this.head, event, body), now);
    if (this.options.echo) this.echoEvent(event, body, now);
  }

  /** The echo's text is only put together for an event that is shown. */
  private echoEvent(event: string, body: string, now: number): void {
    if (now - this.echoWindowStart >= 1000) {
      this.echoWindowStart = now;
      this.echoedInWindow = 0;
    }
    if (this.echoedInWindow < this.echoPerSecond) {
      this.echoedInWindow += 1;
      this.options.echo!.log(event + body, this.prefix);
      return;
    }
    this.unechoed += 1;
    this.summaryTimer ??= setTimeout(() => this.echoSummary(), 1000).unref();
  }

  private echoSummary(): void {
    this.summaryTimer = undefined;
    if (this.unechoed === 0) return;
    this.options.echo?.log(messages().log.moreEvents(this.unechoed, this.file.path), this.prefix);
    this.unechoed = 0;
  }

  /**
   * Runs `fn` once every event logged so far is in the file (`true`), or could
   * not be written (`false`: the file cannot be written, see LogFile).
   */
  afterFlush(fn: (written: boolean) => void): void {
    this.file.afterFlush(fn);
  }

  flush(): void {
    this.file.flush();
  }

  close(): void {
    clearTimeout(this.summaryTimer);
    this.summaryTimer = undefined;
    this.file.close();
  }
}
