import { Socket } from 'node:net';
import type { ConnectionHandoff } from '@app/common';
import type { PrimaryMessage, WorkerMessage } from './cluster.messages.js';
import { handoffEnabled } from './handoff.constants.js';
import { discard, handleOf, type RawHandle } from './socket-handle.js';

/** What serves handed-in sockets in a worker: its transport. */
export interface HandoffTarget {
  adopt(socket: Socket): void;
  readonly openConnections: number;
}

/**
 * The IPC channel to the primary: the worker's `process` (a spec gives a
 * stand-in). `send` with a socket passes the socket itself.
 */
export interface HandoffChannel {
  readonly connected: boolean;
  send?(message: WorkerMessage, handle: Socket | undefined, options: object, done: (error: Error | null) => void): boolean;
  on(event: 'message', listener: (message: PrimaryMessage, handle: unknown) => void): unknown;
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
    private readonly channel: HandoffChannel = process,
  ) {
    this.enabled = enabled;
  }

  /** Starts taking the primary's messages; `target` serves handed-in sockets. Before the worker says it listens. */
  attach(target: HandoffTarget): void {
    this.target = target;
    this.channel.on('message', (message: PrimaryMessage, handle: unknown) => this.onMessage(message, handle));
  }

  /** The server stops (or the primary is gone): whatever is accepted from now on is served here. */
  stop(): void {
    this.enabled = false;
  }

  divert(socket: Socket, open: number): boolean {
    if (!this.enabled || open === 0 || this.budget === 0 || !this.channel.connected) return false;
    this.budget -= 1;
    this.diverted += 1;
    const handle = handleOf(socket);
    try {
      this.channel.send!({ type: 'handoff' }, socket, {}, (error: Error | null) => {
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
    if (this.channel.connected) this.channel.send?.(message, undefined, {}, () => undefined);
  }
}
