import cliProgress from 'cli-progress';
import type { Catalogue } from '@app/common';

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

  constructor(private readonly t: Catalogue) {}

  begin(label: string, clients: number): void {
    this.label = label;
    this.done = 0;
    this.failed = 0;
    this.started = Date.now();
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
      this.bar.start(clients, 0, { label: label.padEnd(14), elapsed: '0.0', failedText: '' });
      const timer = setInterval(() => this.bar?.update({ elapsed: this.elapsed() }), 200);
      timer.unref();
      this.stopTimer = () => clearInterval(timer);
    } else {
      process.stdout.write(this.t.lab.progressStarted(label, clients) + '\n');
    }
  }

  private stopTimer = () => undefined as void;

  private elapsed(): string {
    return ((Date.now() - this.started) / 1000).toFixed(1);
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
      process.stdout.write(this.t.lab.progressClient(this.label, k, code, this.elapsed()) + '\n');
    }
  }

  end(): void {
    this.stopTimer();
    this.bar?.update({ elapsed: this.elapsed() });
    this.bar?.stop();
    this.bar = undefined;
  }
}
