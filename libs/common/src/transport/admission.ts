import type { LineConnection } from './line.connection.js';
import { ErrorReply } from './transport.constants.js';

/** How accepted clients are let in to be served: the one thing the two servers differ in. */
export interface AdmissionPolicy {
  /** A client was accepted. */
  admit(connection: LineConnection): void;
  /** A client's socket closed (served or not). */
  release(connection: LineConnection): void;
}

/** server-cluster: every client is served at once. */
export class ConcurrentAdmission implements AdmissionPolicy {
  admit(connection: LineConnection): void {
    connection.start();
  }

  release(): void {}
}

/**
 * server-sync: one client at a time. The others are accepted and wait unread
 * in a FIFO queue, and are served in arrival order; past `maxQueue` waiting
 * clients a newcomer gets `ERROR server busy`.
 */
export class SerialAdmission implements AdmissionPolicy {
  private current?: LineConnection;
  private readonly queue: LineConnection[] = [];

  constructor(private readonly maxQueue: number) {}

  admit(connection: LineConnection): void {
    if (!this.current) {
      this.current = connection;
      connection.start();
    } else if (this.queue.length < this.maxQueue) {
      this.queue.push(connection);
      connection.queued(this.queue.length);
    } else {
      connection.reject(ErrorReply.serverBusy);
    }
  }

  release(connection: LineConnection): void {
    if (connection !== this.current) {
      const at = this.queue.indexOf(connection);
      if (at !== -1) this.queue.splice(at, 1);
      return;
    }
    this.current = undefined;
    let next = this.queue.shift();
    while (next && !next.isWaiting) next = this.queue.shift();
    if (next) {
      this.current = next;
      next.start();
    }
  }
}
