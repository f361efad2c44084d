import { constants } from 'node:os';
import { messages } from '../i18n/messages.js';
import { takeHeldSignals } from './early-signals.js';

/**
 * What asked for the stop: a signal, or `stdin` (a `stop` line or the end of
 * stdin under MIRROR_LAB_CONTROL=stdin, see stop-control.ts). Logged as
 * SERVER_STOP's `signal=`.
 */
export type StopCause = NodeJS.Signals | 'stdin';

/** What a signal asks a running server to do. */
export interface Stoppable {
  /**
   * The first signal: stop accepting, let requests in progress get their
   * replies (up to `shutdown.grace_ms`), close the rest, write SERVER_STOP.
   */
  stop(signal: StopCause): Promise<void>;
  /**
   * A second signal during the drain: close the rest now; the promise of
   * `stop` then settles soon, SERVER_STOP written with `forced=true`.
   */
  force(signal: NodeJS.Signals): void;
}

/** SIGHUP (the terminal closed) is treated as SIGTERM (docs/spec.md#3-servers). */
export const SHUTDOWN_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/** A signal's exit code, 128 + its number, as a shell reports a process killed by it. */
export function signalExitCode(signal: NodeJS.Signals): number {
  return 128 + (constants.signals[signal] ?? 0);
}

type State = 'starting' | 'running' | 'draining' | 'forcing';

/**
 * The shutdown signals of one server process, from the moment it starts
 * booting: a signal that arrives during start-up is kept and acted on as soon
 * as the server is up (so even then SERVER_STOP is written), instead of the
 * signal's default action killing the process with nothing in its log.
 *
 * First signal: `stop`, then exit 0. Second: `force`, and exit with 128 + the
 * second signal's number once `stop` settles. A third signal, if the forced
 * stop still hangs, exits at once: the user must always be able to get out.
 */
export class ShutdownSignals {
  private state: State = 'starting';
  private target?: Stoppable;
  private first?: StopCause;
  private forcedBy?: NodeJS.Signals;
  /** A signal came after a stop from stdin (see onSignal). */
  private signalled = false;

  constructor(private readonly exit: (code: number) => void) {
    for (const signal of SHUTDOWN_SIGNALS) process.on(signal, this.onSignal);
    // Those that came while main.js was loading (early-signals.ts).
    for (const signal of takeHeldSignals()) this.onSignal(signal);
  }

  /**
   * The stop from stdin (stop-control.ts): the first signal's graceful stop,
   * never a second one's force. The lab writes `stop` to a child that Ctrl-C
   * may have reached already (the terminal signals the whole process group),
   * and that must not cut the drain short; nor may that Ctrl-C when the
   * `stop` is read first (see onSignal).
   */
  requestStop(): void {
    if (this.state === 'starting') this.first ??= 'stdin';
    else if (this.state === 'running') this.begin((this.first = 'stdin'));
  }

  /** The server is up; a signal that came while it started is acted on now. */
  attach(target: Stoppable): void {
    this.target = target;
    this.state = 'running';
    if (this.first) this.begin(this.first);
    if (this.forcedBy) this.forceNow(this.forcedBy);
  }

  private readonly onSignal = (signal: NodeJS.Signals): void => {
    switch (this.state) {
      case 'starting':
        if (!this.first) this.first = signal;
        else if (this.first === 'stdin' && !this.signalled) this.signalled = true;
        else this.forcedBy ??= signal;
        return;
      case 'running':
        this.first = signal;
        this.begin(signal);
        return;
      case 'draining':
        // After a stop from stdin, the first signal is no second one: Ctrl-C
        // reaches the lab and its children at once, and the lab's `stop` may
        // be read first. It takes a second signal to force.
        if (this.first === 'stdin' && !this.signalled) {
          this.signalled = true;
          return;
        }
        this.forcedBy = signal;
        this.forceNow(signal);
        return;
      case 'forcing':
        this.exit(signalExitCode(signal));
    }
  };

  private begin(signal: StopCause): void {
    this.state = 'draining';
    this.target!.stop(signal).then(
      () => this.exit(this.forcedBy ? signalExitCode(this.forcedBy) : 0),
      (error: unknown) => {
        process.stderr.write(messages().server.shutdownFailed((error as Error)?.message ?? String(error)) + '\n');
        this.exit(1);
      },
    );
  }

  private forceNow(signal: NodeJS.Signals): void {
    this.state = 'forcing';
    this.target!.force(signal);
  }
}

/** Cluster workers: the terminal sends Ctrl-C to the whole process group, and the primary decides. */
export function ignoreShutdownSignals(): void {
  for (const signal of SHUTDOWN_SIGNALS) process.on(signal, () => undefined);
  takeHeldSignals();
}
