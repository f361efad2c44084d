import type { Worker } from 'node:cluster';
import { Socket } from 'node:net';
import type { PrimaryMessage } from './cluster.messages.js';
import { discard, handleOf, stopReading } from './socket-handle.js';

/**
 * The primary's half of the connection hand-off (handoff.constants.ts says
 * what the hand-off is; worker-handoff.ts is the worker's half).
 */

/** Sockets the primary has passed to one worker that the IPC channel has not yet written; past it, that worker is skipped. */
const MAX_IN_FLIGHT = 64;

export interface HandoffCounters {
  /** Sockets passed on to another worker than the one that accepted them. */
  forwarded: number;
  /** Sockets sent back to the worker that accepted them (no idle worker any more, or the server stopping). */
  returned: number;
  /** Sockets closed because no worker could take them. */
  closed: number;
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
