import cluster, { type Worker } from 'node:cluster';
import { LogEvent, type EventLog } from '@app/common';
import { WORKER_SLOT_ENV, type PrimaryMessage, type WorkerMessage } from './cluster.messages.js';

export interface RestartPolicy {
  /** First restart delay; it doubles with each restart in a row. */
  initialDelayMs: number;
  maxDelayMs: number;
  /** A worker up this long is healthy: its slot's back-off starts over. */
  healthyAfterMs: number;
  /** Workers of one slot that die before listening, in a row, before the supervisor gives up. */
  maxStartupFailures: number;
}

export const DEFAULT_RESTART_POLICY: RestartPolicy = {
  initialDelayMs: 100,
  maxDelayMs: 10_000,
  healthyAfterMs: 10_000,
  maxStartupFailures: 3,
};

interface Slot {
  id: number;
  worker?: Worker;
  ready: boolean;
  startedAt: number;
  restarts: number;
  startupFailures: number;
  lastFatal?: string;
  timer?: NodeJS.Timeout;
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
  private port?: number;
  private readonly ready: Promise<number>;
  private resolveReady!: (port: number) => void;
  private rejectReady!: (error: Error) => void;
  private failure?: (error: Error) => void;

  constructor(
    private readonly workers: number,
    private readonly log: EventLog,
    private readonly policy: RestartPolicy = DEFAULT_RESTART_POLICY,
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
  onFailure(handler: (error: Error) => void): void {
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
    // kernel's accept queue (README, Decisions).
    const worker = cluster.fork({ [WORKER_SLOT_ENV]: String(slot.id) });
    slot.worker = worker;
    worker.on('message', (message: WorkerMessage) => this.onMessage(slot, worker, message));
    worker.on('exit', (code: number | null, signal: string | null) => this.onExit(slot, worker, code, signal as NodeJS.Signals | null));
  }

  private onMessage(slot: Slot, worker: Worker, message: WorkerMessage): void {
    if (message?.type === 'listening') {
      slot.ready = true;
      slot.startupFailures = 0;
      this.port = message.port;
      this.log.event(LogEvent.WORKER_START, { worker: slot.id, worker_pid: worker.process.pid, port: message.port });
      if (this.slots.every((s) => s.ready)) this.resolveReady(message.port);
    } else if (message?.type === 'fatal') {
      slot.lastFatal = message.message;
      if (message.permanent) this.giveUp(new Error(message.message));
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
    if (this.stopping) return;

    if (!slot.ready) {
      slot.startupFailures += 1;
      if (slot.startupFailures >= this.policy.maxStartupFailures) {
        const why = slot.lastFatal ?? `exit code ${code ?? 'none'}${signal ? `, signal ${signal}` : ''}`;
        this.giveUp(new Error(`worker ${slot.id} died during start-up ${slot.startupFailures} times in a row (last: ${why}); giving up`));
        return;
      }
    }
    if (Date.now() - slot.startedAt >= this.policy.healthyAfterMs) slot.restarts = 0;
    const delay = Math.min(this.policy.maxDelayMs, this.policy.initialDelayMs * 2 ** slot.restarts);
    slot.restarts += 1;
    slot.timer = setTimeout(() => this.fork(slot), delay);
  }

  private giveUp(error: Error): void {
    if (this.stopping) return;
    this.rejectReady(error);
    this.failure?.(error);
  }

  /**
   * Asks every worker to shut down (each stops accepting, lets requests in
   * progress finish for up to `graceMs`, logs, exits), and kills what is still
   * alive after that plus a margin. Resolves once every worker has exited.
   */
  async stop(graceMs: number): Promise<void> {
    this.stopping = true;
    for (const slot of this.slots) clearTimeout(slot.timer);
    const alive = this.slots.map((s) => s.worker).filter((w): w is Worker => !!w && !w.isDead());
    const exits = alive.map((w) => new Promise<void>((resolve) => (w.isDead() ? resolve() : w.once('exit', () => resolve()))));
    for (const worker of alive) {
      if (worker.isConnected()) worker.send({ type: 'shutdown' } satisfies PrimaryMessage);
      else worker.kill('SIGTERM');
    }
    const killer = setTimeout(() => {
      for (const worker of alive) if (!worker.isDead()) worker.process.kill('SIGKILL');
    }, graceMs + 3000);
    await Promise.all(exits);
    clearTimeout(killer);
  }

  get listeningPort(): number | undefined {
    return this.port;
  }
}
