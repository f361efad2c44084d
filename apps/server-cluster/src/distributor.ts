import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import type { Worker } from 'node:cluster';
import { ErrorReply, explainListenError, LISTEN_BACKLOG } from '@app/common';
import type { PrimaryMessage } from './cluster.messages.js';

/** Chooses the worker for the next connection; undefined while none is ready. */
export type PickWorker = () => Worker | undefined;

/** Connections held by the primary while no worker is ready (start-up, every worker restarting). */
const MAX_WAITING = 1024;

/**
 * The primary's listener. It owns the port, accepts every connection without
 * reading from it (`pauseOnConnect`) and passes the socket to a worker over
 * the IPC channel; the worker's line transport serves it from the first byte.
 *
 * Why not the cluster module's own round-robin (`SCHED_RR`), which does the
 * same: when a worker is out of file descriptors the kernel drops the passed
 * descriptor, the worker never answers cluster's internal hand-off, and the
 * primary stops giving that worker connections for good; once every worker
 * hit the limit once, the server is deaf (reproduced on Node 20.20). With
 * plain handle passing, a descriptor that cannot be delivered is closed (that
 * one client sees its connection close) and the next one goes through as
 * soon as the worker has room again. And `SCHED_NONE` (each worker accepts on
 * its own) leaves a burst of connections on one worker.
 */
export class Distributor {
  private server?: Server;
  private readonly waiting: Socket[] = [];
  private closed = false;

  constructor(
    private readonly pick: PickWorker,
    private readonly onAcceptError: (error: Error) => void,
  ) {}

  /** Binds `host:port` (0 = any free port); resolves with the port, or rejects with one readable error. */
  listen(host: string, port: number): Promise<number> {
    const server = createServer({ pauseOnConnect: true, allowHalfOpen: true }, (socket) => this.dispatch(socket));
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', (error) => reject(explainListenError(error, host, port)));
      server.listen({ host, port, backlog: LISTEN_BACKLOG }, () => {
        server.removeAllListeners('error');
        // After start-up, accept errors (EMFILE when out of file descriptors)
        // are passing: libuv keeps listening.
        server.on('error', (error) => this.onAcceptError(error));
        resolve((server.address() as AddressInfo).port);
      });
    });
  }

  /** Hands waiting connections on, once a worker has become ready. */
  workerReady(): void {
    while (this.waiting.length > 0) {
      const worker = this.pick();
      if (!worker) return;
      this.handTo(worker, this.waiting.shift()!);
    }
  }

  /** Stops accepting; connections still waiting for a worker are closed. */
  close(): Promise<void> {
    this.closed = true;
    for (const socket of this.waiting.splice(0)) socket.destroy();
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private dispatch(socket: Socket): void {
    socket.on('error', () => socket.destroy());
    if (this.closed) {
      socket.destroy();
      return;
    }
    const worker = this.pick();
    if (worker) {
      this.handTo(worker, socket);
    } else if (this.waiting.length < MAX_WAITING) {
      this.waiting.push(socket);
      socket.once('close', () => {
        const at = this.waiting.indexOf(socket);
        if (at >= 0) this.waiting.splice(at, 1);
      });
    } else {
      socket.end(ErrorReply.serverBusy);
      setTimeout(() => socket.destroy(), 1000).unref();
    }
  }

  private handTo(worker: Worker, socket: Socket): void {
    try {
      // The worker gets its own descriptor; ours is closed once it is sent.
      worker.send({ type: 'connection' } satisfies PrimaryMessage, socket, (error) => {
        if (error) socket.destroy();
      });
    } catch {
      socket.destroy();
    }
  }
}
