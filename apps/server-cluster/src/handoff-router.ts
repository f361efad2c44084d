import type { Worker } from 'node:cluster';
import { Socket } from 'node:net';
import type { ConnectionHandoff } from '@app/common';
import type { PrimaryMessage, WorkerMessage } from './cluster.messages.js';

/**
 * Connection hand-off: spreads clients that arrive at the same instant over
 * idle workers (docs/servers.md, "Hand-off"; docs/decisions.md).
 *
 * Each worker tells the primary only when its open connections go from 0 to 1
 * or from 1 to 0; the primary sends every worker the set of idle workers when
 * that set changes. A worker that accepts a connection while it already
 * serves one, and believes another worker idle, passes the socket (accepted
 * paused, nothing read from it) to the primary, which passes it on to a
 * worker idle by its own, up-to-date view, or back to the sender when none is.
 * When every worker is busy, nothing is passed: a burst of thousands of
 * clients costs a handful of messages.
 */

/** Set to `0` to turn the hand-off off (for measurements and tests). */
export const HANDOFF_ENV = 'MIRROR_LAB_HANDOFF';
/**
 * A file the primary writes its hand-off counters to (JSON) when it stops:
 * how the bench and the tests count hand-offs without a log event of their own.
 */
export const HANDOFF_STATS_ENV = 'MIRROR_LAB_HANDOFF_STATS';

/** Sockets the primary has passed to one worker that the IPC channel has not yet written; past it, that worker is skipped. */
const MAX_IN_FLIGHT = 64;

export function handoffEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  return env[HANDOFF_ENV]?.trim() !== '0';
}

type RawHandle = { reading?: boolean; readStop?: () => number; close?: () => void };

/** The libuv handle behind a socket (Node keeps it in `_handle`; sending a socket sets it to null). */
function handleOf(socket: Socket): RawHandle | null | undefined {
  return (socket as unknown as { _handle?: RawHandle | null })._handle;
}

/**
 * A socket received over IPC starts reading in the receiving process at once
 * (Node wraps the handle in a flowing `net.Socket`). The primary only passes
 * it on: bytes it read would be dropped when the handle goes on (Node
 * replaces its read callback by a no-op), so it stops reading first, exactly
 * as Node's own `pauseOnCreate` does.
 */
function stopReading(socket: Socket): void {
  const handle = handleOf(socket);
  if (handle?.readStop) {
    handle.reading = false;
    handle.readStop();
  }
}

/**
 * Closes a socket that was not delivered. When a failed send had already
 * taken the handle off the socket, that handle is closed too: nothing else would.
 */
function discard(socket: Socket, handle: RawHandle | null | undefined): void {
  if (handle && !handleOf(socket)) handle.close?.();
  socket.destroy();
}

export interface HandoffCounters {
  /** Sockets passed on to another worker than the one that accepted them. */
  forwarded: number;
  /** Sockets sent back to the worker that accepted them (no idle worker any more, or the server stopping). */
  returned: number;
  /** Sockets closed because no worker could take them. */
  closed: number;
}

/** What serves handed-in sockets in a worker: its transport. */
export interface HandoffTarget {
  adopt(socket: Socket): void;
  readonly openConnections: number;
}

/** The worker's side: decides what to pass on, and serves what it is given. */
export class WorkerHandoff implements ConnectionHandoff {
  /**
   * Hand-offs allowed now: one per worker the primary last said was idle,
   * less those sent since (its word may predate them).
   */
  private budget = 0;
  /** Sockets passed to the primary so far. */
  private diverted = 0;
  private enabled: boolean;
  private adopted = 0;
  private adopting = false;
  private target?: HandoffTarget;

  constructor(
    private readonly slot: number,
    enabled = handoffEnabled(),
  ) {
    this.enabled = enabled;
  }

  /** Starts taking the primary's messages; `target` serves handed-in sockets. Before the worker says it listens. */
  attach(target: HandoffTarget): void {
    this.target = target;
    process.on('message', (message: PrimaryMessage, handle: unknown) => this.onMessage(message, handle));
  }

  /** The server stops (or the primary is gone): whatever is accepted from now on is served here. */
  stop(): void {
    this.enabled = false;
  }

  divert(socket: Socket, open: number): boolean {
    if (!this.enabled || open === 0 || this.budget === 0 || !process.connected) return false;
    this.budget -= 1;
    this.diverted += 1;
    const handle = handleOf(socket);
    try {
      process.send!({ type: 'handoff' } satisfies WorkerMessage, socket, {}, (error: Error | null) => {
        if (error) this.takeBack(socket, handle);
      });
    } catch {
      this.takeBack(socket, handle);
    }
    return true;
  }

  busy(busy: boolean): void {
    // While adopting, `onMessage` reports once, with the count.
    if (!this.adopting) this.tell({ type: 'load', busy, adopted: this.adopted });
  }

  /** The primary did not get the socket (it is gone): serve it here if it is still whole, or close it. */
  private takeBack(socket: Socket, handle: RawHandle | null | undefined): void {
    this.diverted -= 1;
    if (handleOf(socket) && !socket.destroyed && this.target) this.target.adopt(socket);
    else discard(socket, handle);
  }

  private onMessage(message: PrimaryMessage, handle: unknown): void {
    if (message?.type === 'idle' && Array.isArray(message.slots)) {
      const idleOthers = message.slots.filter((s) => s !== this.slot).length;
      // Ours that the primary had not yet received when it wrote this may be going to those very workers.
      const unseen = this.diverted - (Number(message.yours) || 0);
      this.budget = Math.max(0, idleOthers - unseen);
    } else if (message?.type === 'handoff' && handle instanceof Socket) {
      handle.on('error', () => undefined);
      if (!this.target) {
        handle.destroy();
        return;
      }
      this.adopted += 1;
      this.adopting = true;
      try {
        this.target.adopt(handle);
      } finally {
        this.adopting = false;
      }
      // One report per hand-off taken in (few: at most one per idle worker per
      // change of the idle set): the primary counts it as arrived, and knows
      // whether this worker is busy now. The transport reports 1 -> 0 itself.
      this.tell({ type: 'load', busy: this.target.openConnections > 0, adopted: this.adopted });
    }
  }

  private tell(message: WorkerMessage): void {
    if (process.connected) process.send?.(message, undefined, {}, () => undefined);
  }
}

interface Seat {
  worker: Worker;
  /** As the worker last said: it has open connections. */
  busy: boolean;
  /** Hand-offs the worker says it has taken in. */
  adopted: number;
  /** Hand-offs sent to it (written to its channel). */
  sent: number;
  /** Hand-offs passed to its channel and not yet written. */
  inFlight: number;
  /** Sockets received from it to pass on. */
  received: number;
  /** What to do with each socket not yet written to its channel if it exits first. */
  pending: Map<Socket, (error: Error) => void>;
}

/** The primary's side: knows which workers are idle, and passes sockets on. */
export class HandoffRouter {
  private readonly seats = new Map<number, Seat>();
  private lastIdle = '';
  private stopping = false;
  readonly counters: HandoffCounters = { forwarded: 0, returned: 0, closed: 0 };

  /** A worker listens: idle until it says otherwise. */
  join(slot: number, worker: Worker): void {
    this.seats.set(slot, {
      worker,
      busy: false,
      adopted: 0,
      sent: 0,
      inFlight: 0,
      received: 0,
      pending: new Map(),
    });
    this.lastIdle = '';
    this.broadcast();
  }

  /**
   * A worker exited. Sockets still queued for its channel (Node writes one
   * handle at a time, and drops the queue of a channel that closed without
   * calling back) go to another worker.
   */
  leave(slot: number, worker: Worker): void {
    const seat = this.seats.get(slot);
    if (seat?.worker !== worker) return;
    this.seats.delete(slot);
    for (const fail of [...seat.pending.values()]) fail(new Error(`worker ${slot} exited`));
    this.broadcast();
  }

  /** The server stops: every socket goes back to the worker that accepted it. */
  stop(): void {
    this.stopping = true;
    this.broadcast();
  }

  load(slot: number, worker: Worker, message: { busy: unknown; adopted: unknown }): void {
    const seat = this.seats.get(slot);
    if (seat?.worker !== worker) return;
    seat.busy = message.busy === true;
    if (typeof message.adopted === 'number') seat.adopted = message.adopted;
    this.broadcast();
  }

  /** A socket from worker `from`'s `divert`. */
  route(from: number, socket: unknown): void {
    if (!(socket instanceof Socket)) return;
    stopReading(socket);
    const sender = this.seats.get(from);
    if (sender) sender.received += 1;
    socket.on('error', () => undefined);
    const idle = this.stopping ? [] : this.idleSlots().filter((s) => s !== from);
    // Start after the sender, so that simultaneous senders spread out.
    idle.sort((a, b) => ((a - from + 1000) % 1000) - ((b - from + 1000) % 1000));
    const rest = [...this.seats.keys()].filter((s) => s !== from && !idle.includes(s));
    this.forward(socket, from, [...idle, from, ...rest]);
  }

  /** Tries `order` in turn; a socket nobody can take is closed. */
  private forward(socket: Socket, from: number, order: number[]): void {
    const handle = handleOf(socket);
    for (;;) {
      const slot = order.shift();
      if (slot === undefined) {
        this.counters.closed += 1;
        discard(socket, handle);
        return;
      }
      const seat = this.seats.get(slot);
      if (!seat || !seat.worker.isConnected() || seat.inFlight >= MAX_IN_FLIGHT) continue;
      seat.sent += 1;
      seat.inFlight += 1;
      if (slot === from) this.counters.returned += 1;
      else this.counters.forwarded += 1;
      let settled = false;
      const done = (error: Error | null) => {
        if (settled) return;
        settled = true;
        seat.pending.delete(socket);
        seat.inFlight -= 1;
        if (!error) {
          // Our copy: its handle went with the message and Node closes it once
          // the worker acknowledges. Destroying the husk tells the sender's
          // listener (Node tracks sockets sent from a net.Server) that it is gone.
          socket.destroy();
          return;
        }
        seat.sent -= 1;
        if (slot === from) this.counters.returned -= 1;
        else this.counters.forwarded -= 1;
        if (handleOf(socket)) this.forward(socket, from, order);
        else {
          this.counters.closed += 1;
          discard(socket, handle);
        }
        this.broadcast();
      };
      seat.pending.set(socket, done);
      try {
        seat.worker.send({ type: 'handoff' } satisfies PrimaryMessage, socket, {}, done);
      } catch (error) {
        done(error as Error);
        return;
      }
      this.broadcast();
      return;
    }
  }

  private idleSlots(): number[] {
    const idle: number[] = [];
    for (const [slot, seat] of this.seats) {
      if (!seat.busy && seat.sent === seat.adopted && seat.worker.isConnected()) idle.push(slot);
    }
    return idle.sort((a, b) => a - b);
  }

  /** Sends every worker the idle set, when it changed. */
  private broadcast(): void {
    const idle = this.stopping ? [] : this.idleSlots();
    const key = idle.join(',');
    if (key === this.lastIdle) return;
    this.lastIdle = key;
    for (const seat of this.seats.values()) {
      const message: PrimaryMessage = { type: 'idle', slots: idle, yours: seat.received };
      if (seat.worker.isConnected()) seat.worker.send(message, undefined, {}, () => undefined);
    }
  }
}
