import type { LoggerService } from '@nestjs/common';
import { formatFields, localTimestamp, type Fields } from './log-line.js';
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
 * The event log of SPEC §6: one line per event, appended to the app's log file.
 *
 * Every event goes to the file. The console echo is for a person watching:
 * up to `echoPerSecond` events a second are shown as they happen, and past
 * that one line a second says how many more went only to the file. Under
 * load (tens of thousands of events a second) nobody can read them, and
 * formatting each through winston's console transport cost more than serving
 * the request did (`npm run bench`, README "Performance").
 */
export class EventLog {
  private readonly prefix: string;
  private readonly pid: number;
  /** ` <app>[<pid>] `: what every line has between its time and its event. */
  private readonly head: string;
  private readonly context: string;
  private readonly echoPerSecond: number;
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
    this.head = ' ' + this.prefix + '[' + this.pid + '] ';
    this.context = options.context ? formatFields(options.context) : '';
    this.echoPerSecond = options.echoPerSecond ?? 50;
  }

  get path(): string {
    return this.file.path;
  }

  event(event: LogEventName, fields: Fields = {}): void {
    this.formatted(event, formatFields(fields));
  }

  /**
   * The same, with the fields already formatted (` key=value...`, see
   * `formatFields`): the per-message path, where a connection formats its
   * `peer=` once instead of for every line.
   */
  formatted(event: LogEventName, fields: string): void {
    const now = Date.now();
    const body = this.context + fields;
    this.file.append(localTimestamp(now) + this.head + event + body + '\n');
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
    this.options.echo?.log(`... and ${this.unechoed} more events, not shown here (every event is in ${this.file.path})`, this.prefix);
    this.unechoed = 0;
  }

  /** Runs `fn` once every event logged so far is in the file. */
  afterFlush(fn: () => void): void {
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

