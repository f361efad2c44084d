import type { LoggerService } from '@nestjs/common';
import { formatFields, localTimestamp, type Fields } from './log-line.js';
import type { LogFile } from './log-file.js';
import type { LogEventName } from './log.constants.js';

export interface EventLogOptions {
  /** `<app>` of every line. */
  app: string;
  /** Fields every event of this process carries first (`worker=` in server-cluster). */
  context?: Fields;
  /** Also show each event on the console, through Nest's logger. */
  echo?: LoggerService;
  pid?: number;
}

/** The event log of SPEC §6: one line per event, appended to the app's log file. */
export class EventLog {
  private readonly prefix: string;
  private readonly pid: number;
  private readonly context: string;

  constructor(
    private readonly file: LogFile,
    private readonly options: EventLogOptions,
  ) {
    this.pid = options.pid ?? process.pid;
    this.prefix = options.app;
    this.context = options.context ? formatFields(options.context) : '';
  }

  get path(): string {
    return this.file.path;
  }

  event(event: LogEventName, fields: Fields = {}): void {
    const body = this.context + formatFields(fields);
    this.file.append(localTimestamp() + ' ' + this.prefix + '[' + this.pid + '] ' + event + body + '\n');
    this.options.echo?.log(event + body, this.prefix);
  }

  /** Runs `fn` once every event logged so far is in the file. */
  afterFlush(fn: () => void): void {
    this.file.afterFlush(fn);
  }

  flush(): void {
    this.file.flush();
  }

  close(): void {
    this.file.close();
  }
}

