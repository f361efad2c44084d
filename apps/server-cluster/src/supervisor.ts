import cluster, { type Worker } from 'node:cluster';
import type { Writable } from 'node:stream';
import { LogEvent, messages, StartupError, StartupErrorCode, type EventLog } from '@app/common';
import { WORKER_BALANCE_ENV, type Balance } from './balance.js';
import { WATCH_FD, WORKER_PORT_ENV, WORKER_SLOT_ENV, type WorkerMessage } from './cluster.messages.js';
import { HandoffRouter } from './handoff-router.js';

export interface RestartPolicy {
  /** First restart delay; it doubles with each restart in a row. */
  initialDelayMs: number;
  maxDelayMs: number;
  /** A worker up this long is healthy: its slot's back-off starts over. */
  healthyAfterMs: number;
  /** Workers of one slot that die before listening, in a row, before the supervisor gives up. */
  maxStartupFailures: number;
}

const DEFAULT_RESTART_POLICY: RestartPolicy = {
  initialDelayMs: 100,
  maxDelayMs: 10_000,
  healthyAfterMs: 10_000,
  maxStartupFailures: 3,
};

/** How long after its deadline a worker that has not exited is killed (it should have exited by itself). */
const KILL_MARGIN_MS = 2000;

interface Slot {
  id: number;
  worker?: Worker;
  ready: boolean;
  startedAt: number;
  restarts: number;
  startupFailures: number;
  lastFatal?: string;
  timer?: NodeJS.Timeout;
  /** The worker's watch pipe (primary-watch.ts): shutdown deadlines go down it; its closing tells the worker we are gone. */
  watch?: Writable;
}

/**
 * The cluster primary's supervisor: keeps `workers` worker processes running.
 * Workers are numbered by slot (1..workers), and a restarted worker keeps its
 * slot number, so `worker=2` in the log is always the same seat.
 *
 * A worker that dies is restarted after a back-off that doubles with each
 * death in a row and starts over once a worker has stayed up for a while. A
 * slot whose workers die before they listen, again and again, means the
 * problem is not passing (a port in use, a log that cannot be written): the
 * supervisor gives up and reports why, instead of forking for ever.
 */
export class Supervisor {
  private readonly slots: Slot[] = [];
  private stopping = false;
  private started = false;
  private gaveUp = false;
  private readonly ready: Promise<number>;
  private resolveReady!: (port: number) => void;
  private rejectReady!: (error: StartupError) => void;
  private failure?: (error: StartupError) => void;
  /** Passes connections from busy workers on to idle ones (handoff-router.ts). */
  readonly handoff = new HandoffRouter();

  /** `port` is a real port, never 0: every worker, restarted ones included, listens on it. */
  constructor(
    private readonly workers: number,
    private readonly port: number,
    private readonly balance: Balance,
    private readonly log: EventLog,
    private readonly policy: RestartPolicy = DEFAULT_RESTART_POLICY,
    /** Starts one worker process with these environment variables (a spec gives a stand-in). */
    private readonly forkWorker: (env: NodeJS.ProcessEnv) => Worker = (env) => cluster.fork(env),
  ) {
    this.ready = new Promise((resolve, reject) => {
      this.resolveReady = resolve;
      this.rejectReady = reject;
    });
  }

  /** Forks every worker; resolves with the shared port once all listen. */
  start(): Promise<number> {
    for (let id = 1; id <= this.workers; id += 1) {
      const slot: Slot = { id, ready: false, startedAt: 0, restarts: 0, startupFailures: 0 };
      this.slots.push(slot);
      this.fork(slot);
    }
    return this.ready;
  }

  /** Called when the supervisor gives up after start-up (a slot keeps failing). */
  onFailure(handler: (error: StartupError) => void): void {
    this.failure = handler;
  }

  get runningWorkers(): number {
    return this.slots.filter((s) => s.worker && !s.worker.isDead()).length;
  }

  private fork(slot: Slot): void {
    slot.timer = undefined;
    slot.ready = false;
    slot.startedAt = Date.now();
    // Not UV_TCP_SINGLE_ACCEPT: libuv then sleeps after every accept, which
    // shares a small burst more evenly but lets a large one overflow the
    // kernel's accept queue (docs/decisions.md).
    const worker = this.forkWorker({
      [WORKER_SLOT_ENV]: String(slot.id),
      [WORKER_PORT_ENV]: String(this.port),
      [WORKER_BALANCE_ENV]: this.balance,
    });
    slot.worker = worker;
    slot.watch = worker.process.stdio[WATCH_FD] as Writable;
    // A worker that died closes its end; what we still write there is moot.
    slot.watch.on('error', () => undefined);
    worker.on('message', (message: WorkerMessage, handle: unknown) => this.onMessage(slot, worker, message, handle));
    worker.on('exit', (code: number | null, signal: string | null) =>
      this.onExit(slot, worker, code, signal as NodeJS.Signals | null),
    );
  }

  private onMessage(slot: Slot, worker: Worker, message: WorkerMessage, handle: unknown): void {
    if (message?.type === 'handoff') {
      this.handoff.route(slot.id, handle);
    } else if (message?.type === 'load') {
      this.handoff.load(slot.id, worker, message);
    } else if (message?.type === 'listening') {
      slot.ready = true;
      this.handoff.join(slot.id, worker);
      slot.startupFailures = 0;
      this.log.event(LogEvent.WORKER_START, { worker: slot.id, worker_pid: worker.process.pid, port: message.port });
      if (!this.started && this.slots.every((s) => s.ready)) {
        this.started = true;
        this.resolveReady(this.port);
      }
    } else if (message?.type === 'fatal') {
      slot.lastFatal = message.message;
      if (message.permanent) this.giveUp(new StartupError(message.code, message.message));
    }
  }

  private onExit(slot: Slot, worker: Worker, code: number | null, signal: NodeJS.Signals | null): void {
    this.log.event(LogEvent.WORKER_EXIT, {
      worker: slot.id,
      worker_pid: worker.process.pid,
      code: code ?? undefined,
      signal: signal ?? undefined,
      uptime_ms: Date.now() - slot.startedAt,
    });
    if (slot.worker === worker) slot.worker = undefined;
    this.handoff.leave(slot.id, worker);
    if (this.stopping) return;

    if (!slot.ready) {
      slot.startupFailures += 1;
      if (slot.startupFailures >= this.policy.maxStartupFailures) {
        const t = messages().server;
        const why = slot.lastFatal ?? t.exitStatus(code, signal);
        this.giveUp(new StartupError(StartupErrorCode.WORKERS_FAILING, t.workersFailing(slot.id, slot.startupFailures, why)));
        return;
      }
    }
    if (Date.now() - slot.startedAt >= this.policy.healthyAfterMs) slot.restarts = 0;
    const delay = Math.min(this.policy.maxDelayMs, this.policy.initialDelayMs * 2 ** slot.restarts);
    slot.restarts += 1;
    slot.timer = setTimeout(() => this.fork(slot), delay);
  }

  /** Reported once: through `start()` while starting, through `onFailure` after. */
  private giveUp(error: StartupError): void {
    if (this.stopping || this.gaveUp) return;
    this.gaveUp = true;
    if (this.started) this.failure?.(error);
    else this.rejectReady(error);
  }

  /**
   * Tells every worker to shut down by `deadline` (epoch ms): each stops
   * accepting, lets requests in progress get their replies until then, closes
   * the rest, logs, exits. A worker still being restarted is not forked; one
   * still starting gets the deadline too (the pipe keeps it until it reads).
   * What is alive `KILL_MARGIN_MS` after the deadline is killed. Resolves once
   * every worker has exited. Called again with an earlier deadline (a second
   * signal: now), it moves the deadline up.
   */
  async stop(deadline: number): Promise<void> {
    this.stopping = true;
    this.handoff.stop();
    for (const slot of this.slots) clearTimeout(slot.timer);
    const alive = this.slots.filter((s) => s.worker && !s.worker.isDead());
    const exits = alive.map(
      (s) => new Promise<void>((resolve) => (s.worker!.isDead() ? resolve() : s.worker!.once('exit', () => resolve()))),
    );
    for (const slot of alive) slot.watch?.write(`${deadline}\n`);
    clearTimeout(this.killer);
    this.killer = setTimeout(
      () => {
        for (const slot of alive) if (slot.worker && !slot.worker.isDead()) slot.worker.process.kill('SIGKILL');
      },
      Math.max(0, deadline - Date.now()) + KILL_MARGIN_MS,
    );
    await Promise.all(exits);
    clearTimeout(this.killer);
  }

  private killer?: NodeJS.Timeout;
}
