import { performance } from 'node:perf_hooks';
import cliProgress from 'cli-progress';
import type { Catalogue } from '@app/common';

/** Milliseconds from a clock that never steps (not the wall clock, which NTP or a person may move). */
export type MonotonicClock = () => number;

/**
 * What the terminal shows while clients run: a progress bar per server on a
 * terminal (cli-progress), plain lines otherwise (CI, a pipe).
 */
export class LabProgress {
  private bar?: cliProgress.SingleBar;
  private done = 0;
  private failed = 0;
  private label = '';
  private started = 0;
  private readonly tty = process.stdout.isTTY === true;

  /**
   * `now` is performance.now() unless a test gives its own: the elapsed time
   * printed is a difference of two readings, so a wall clock stepped back
   * an hour mid-run would print "finished at -3596.1 s".
   */
  constructor(
    private readonly t: Catalogue,
    private readonly now: MonotonicClock = () => performance.now(),
    private readonly write: (text: string) => void = (text) => void process.stdout.write(text),
  ) {}

  begin(label: string, clients: number): void {
    this.label = label;
    this.done = 0;
    this.failed = 0;
    this.started = this.now();
    if (this.tty) {
      this.bar = new cliProgress.SingleBar(
        {
          format: `  {label} |{bar}| {value}/{total} ${this.t.lab.progressBar} | {failedText}{elapsed} ${this.t.units.seconds}`,
          barCompleteChar: '█',
          barIncompleteChar: '░',
          hideCursor: true,
          clearOnComplete: false,
        },
        cliProgress.Presets.shades_classic,
      );
      this.bar.start(clients, 0, { label: label.padEnd(14), elapsed: this.t.units.decimal(0, 1), failedText: '' });
      const timer = setInterval(() => this.bar?.update({ elapsed: this.elapsed() }), 200);
      timer.unref();
      this.stopTimer = () => clearInterval(timer);
    } else {
      this.write(this.t.lab.progressStarted(label, clients) + '\n');
    }
  }

  private stopTimer = () => undefined as void;

  private elapsed(): string {
    return this.t.units.decimal((this.now() - this.started) / 1000, 1);
  }

  clientDone(k: number, code: number): void {
    this.done += 1;
    if (code !== 0) this.failed += 1;
    if (this.bar) {
      this.bar.update(this.done, {
        elapsed: this.elapsed(),
        failedText: this.failed ? `${this.t.lab.progressFailed(this.failed)} | ` : '',
      });
    } else {
      this.write(this.t.lab.progressClient(this.label, k, code, this.elapsed()) + '\n');
    }
  }

  /** A line of its own (a client that did not start), above the bar on a terminal. */
  note(line: string): void {
    if (this.bar) this.bar.stop();
    this.write(line + '\n');
    // The bar starts again below the line at its count.
    this.bar?.start(this.bar.getTotal(), this.done, {
      label: this.label.padEnd(14),
      elapsed: this.elapsed(),
      failedText: this.failed ? `${this.t.lab.progressFailed(this.failed)} | ` : '',
    });
  }

  end(): void {
    this.stopTimer();
    this.bar?.update({ elapsed: this.elapsed() });
    this.bar?.stop();
    this.bar = undefined;
  }
}
