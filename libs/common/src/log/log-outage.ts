import { messages } from '../i18n/messages.js';
import { consoleErr } from './console-out.js';

/**
 * The log file cannot be written: why, and how many events were dropped since
 * the last LOG_RECOVERED. stderr hears of an outage once when it begins, once
 * when it ends, and at exit if events are still counted lost.
 */
export class LogOutage {
  private current?: { why: string; lost: number };

  constructor(private readonly path: string) {}

  /** Whether the file cannot be written now. */
  get active(): boolean {
    return this.current !== undefined;
  }

  /** Why the file cannot be written; undefined when it can. */
  get why(): string | undefined {
    return this.current?.why;
  }

  /** Events dropped since the last LOG_RECOVERED (0 when the file can be written). */
  get lost(): number {
    return this.current?.lost ?? 0;
  }

  /** Counts `lost` events dropped because of `why`; the first failure of an outage is said on stderr. */
  failed(lost: number, why: string): void {
    if (!this.current) {
      this.current = { why, lost: 0 };
      consoleErr().write(messages().log.cannotWrite(this.path, why) + '\n');
    }
    this.current.why = why;
    this.current.lost += lost;
  }

  /** A LOG_RECOVERED that got into the file has told of the events lost before it. */
  told(): void {
    if (this.current) this.current.lost = 0;
  }

  /** A whole write got through: the outage, if any, is over, and stderr hears of it. */
  recovered(): void {
    if (!this.current) return;
    consoleErr().write(messages().log.writableAgain(this.path, this.current.lost) + '\n');
    this.current = undefined;
  }

  /** At exit: says on stderr how many events could not be written, if any. */
  closing(): void {
    if (this.current && this.current.lost > 0) {
      consoleErr().write(messages().log.lostAtExit(this.path, this.current.lost, this.current.why) + '\n');
    }
  }
}
