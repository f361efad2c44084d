import { createServer, type AddressInfo, type ListenOptions, type Server as NetServer, type Socket } from 'node:net';
import { CustomTransportStrategy, Server, type MessageHandler } from '@nestjs/microservices';
import { EmptyError, isObservable } from 'rxjs';
import { messages } from '../i18n/messages.js';
import { DisconnectReason, LogEvent } from '../log/log.constants.js';
import type { AdmissionPolicy } from './admission.js';
import type { LineContext } from './line.context.js';
import { peerOf } from './peer-address.js';
import {
  LineConnection,
  type ConnectionHooks,
  type ConnectionLog,
  type ConnectionOptions,
  type RequestOutcome,
} from './line.connection.js';
import { ErrorReply, LINE_PATTERN, LISTEN_BACKLOG } from './transport.constants.js';
import { budgeted, EVENT_LOG_BYTES } from './peer-budget.js';
import type { DiskGuard } from '../log/disk-guard.js';
import { consoleErr } from '../log/console-out.js';

export interface LineTransportOptions extends ConnectionOptions {
  host: string;
  port: number;
  maxConnections: number;
  graceMs: number;
  admission: AdmissionPolicy;
  /** Extra `listen()` options, e.g. server-cluster's `{ reusePort, exclusive }` for a socket per worker. */
  listenOptions?: Partial<ListenOptions>;
  /** The app's `EventLog`. */
  log: ConnectionLog;
  /** Refuses new clients when the log's disk is almost full; none: never (unit tests). */
  diskGuard?: DiskGuard;
  /** server-cluster's connection hand-off between workers; no other server sets it. */
  handoff?: ConnectionHandoff;
}

/**
 * Lets server-cluster pass a freshly accepted connection on to another worker
 * (apps/server-cluster/src/worker-handoff.ts). The listener pauses every socket it
 * accepts (`pauseOnConnect`), so nothing has been read from one that is given away.
 */
export interface ConnectionHandoff {
  /**
   * Sees each socket the listener accepted while the transport runs, with the
   * number of open connections; `true` means it took the socket, and the
   * transport forgets it. Sockets given to `adopt` are not offered.
   */
  divert(socket: Socket, open: number): boolean;
  /** The number of open connections went from 0 to 1 (`true`) or from 1 to 0 (`false`). */
  busy(busy: boolean): void;
}

/**
 * What a handler answered, as the reply line: a plain value, or the last value
 * of an Observable (none is an error, as `lastValueFrom` has it). Subscribed
 * here rather than through `lastValueFrom` and two more promises: with
 * thousands of requests at once, every allocation per request shows in the
 * garbage collector's time (docs/performance.md).
 */
function deliver(result: unknown, outcome: RequestOutcome): void {
  if (!isObservable(result)) return settle(outcome, result);
  let last: unknown;
  let any = false;
  result.subscribe({
    next: (value) => {
      last = value;
      any = true;
    },
    error: outcome.failed,
    complete: () => (any ? settle(outcome, last) : outcome.failed(new EmptyError())),
  });
}

/** The reply line a value makes; a value that cannot be made a string (its `toString` throws) fails the request. */
function settle(outcome: RequestOutcome, value: unknown): void {
  let reply: string;
  try {
    reply = String(value);
  } catch (error) {
    return outcome.failed(error);
  }
  outcome.replied(reply);
}

type Status = 'idle' | 'running' | 'closing' | 'closed';

/**
 * A Nest transport strategy for the line protocol of docs/spec.md#1-wire-protocol. Each non-empty
 * line is dispatched to the `@MessagePattern(LINE_PATTERN)` handler, through
 * Nest's pipeline (interceptors, pipes, filters), and its return value is the
 * reply line.
 *
 * This class owns the listener: accept, admit (the policy decides who is
 * served now), track open connections, close. Everything per socket lives in
 * `LineConnection`, and framing in the pure `LineDecoder`.
 */
export class LineTransport extends Server implements CustomTransportStrategy {
  private server?: NetServer;
  private state: Status = 'idle';
  private nextId = 1;
  /**
   * Open connections, served or waiting. `net.Server#close` only stops
   * accepting; the sockets it already accepted are ours to end.
   */
  private readonly connections = new Set<LineConnection>();
  private readonly hooks: ConnectionHooks;
  private closing?: Promise<void>;
  private listenerClosed?: Promise<void>;
  /** Resolves `close()`'s wait once the last connection has closed. */
  private drained?: () => void;
  private handler?: MessageHandler;
  /** Connections refused per address since the last CLIENT_REFUSED lines (PeerLogBudget, DiskGuard), written once a second. */
  private readonly refused = new Map<string, number>();
  /** Connections reset by their peer before they were accepted, since the last CONNECTIONS_RESET line. */
  private resets = 0;
  /** Of those, the ones refused because the disk is almost full. */
  private readonly refusedForDisk = new Map<string, number>();
  /** Free bytes on the log's disk when the first of `refusedForDisk` was refused. */
  private refusedFree?: number;
  /** The disk was found almost full, and stderr was told (once until there is room again). */
  private diskLow = false;
  private refusedTimer?: NodeJS.Timeout;

  constructor(private readonly options: LineTransportOptions) {
    super();
    this.hooks = {
      handle: (line, context, outcome) => this.dispatch(line, context, outcome),
      closed: (connection) => {
        this.connections.delete(connection);
        // Once the server stops, nobody new is served: a client leaving must
        // not start the next one in server-sync's queue.
        if (this.state === 'running') this.options.admission.release(connection);
        if (this.connections.size === 0) {
          this.options.handoff?.busy(false);
          this.drained?.();
        }
      },
    };
  }

  listen(callback: (error?: unknown) => void): void {
    if (!this.getHandlerByPattern(LINE_PATTERN)) {
      callback(new Error(`no @MessagePattern('${LINE_PATTERN}') handler is registered`));
      return;
    }
    const server = createServer({ allowHalfOpen: true, pauseOnConnect: true }, (socket) => this.accept(socket));
    this.server = server;
    const onStartError = (error: Error) => callback(error);
    server.once('error', onStartError);
    server.listen(
      { ...this.options.listenOptions, host: this.options.host, port: this.options.port, backlog: LISTEN_BACKLOG },
      () => {
        server.off('error', onStartError);
        // After start-up, accept errors (EMFILE when out of file descriptors,
        // ECONNABORTED) are passing: libuv keeps the listener, so log and go on.
        server.on('error', (error) => this.logger.error(`accept failed: ${error.message}`));
        this.state = 'running';
        callback();
      },
    );
  }

  /** The address actually bound (port 0 becomes a real port). */
  address(): AddressInfo {
    return this.server?.address() as AddressInfo;
  }

  /** Connections open now: served, draining or waiting. */
  get openConnections(): number {
    return this.connections.size;
  }

  /**
   * Serves a connection another process accepted (server-cluster's hand-off),
   * exactly as if this listener had accepted it.
   */
  adopt(socket: Socket): void {
    this.accept(socket, false);
  }

  private accept(socket: Socket, offer = true): void {
    if (this.state !== 'running') {
      socket.destroy();
      return;
    }
    // Read first, before anything else can fail: an address not there now
    // never will be (the peer reset the connection before it was accepted).
    if (socket.remoteAddress === undefined) {
      this.resetBeforeAccept(socket);
      return;
    }
    if (offer && this.options.handoff?.divert(socket, this.connections.size)) return;
    if (this.connections.size >= this.options.maxConnections) {
      this.refuse(socket);
      return;
    }
    const address = socket.remoteAddress;
    if (this.options.diskGuard && !this.diskRoomy(this.options.diskGuard)) {
      this.refuseOverBudget(socket, address ?? 'unknown', true);
      return;
    }
    const budget = this.options.peerBudget;
    if (budget && budgeted(address)) {
      // CLIENT_CONNECTED (or CLIENT_QUEUED) and CLIENT_DISCONNECTED.
      const cost = 2 * EVENT_LOG_BYTES;
      if (budget.waitMs(address, cost) > 0) {
        this.refuseOverBudget(socket, address);
        return;
      }
      budget.charge(address, cost);
    }
    const connection = new LineConnection(socket, this.nextId++, this.options, this.hooks, this.options.log);
    this.connections.add(connection);
    if (this.connections.size === 1) this.options.handoff?.busy(true);
    this.options.admission.admit(connection);
  }

  /** Past `limits.max_connections`: one line, then close, without building a connection. */
  private refuse(socket: Socket): void {
    const peer = peerOf(socket);
    socket.on('error', () => undefined);
    socket.on('data', () => undefined);
    socket.resume();
    socket.end(ErrorReply.tooManyConnections(this.options.maxConnections));
    setTimeout(() => socket.destroy(), 1000).unref();
    this.options.log.event(LogEvent.CLIENT_DISCONNECTED, {
      peer,
      reason: DisconnectReason.SERVER_BUSY,
      why: messages().server.tooManyConnections(this.options.maxConnections),
    });
  }

  /**
   * A machine over its log budget: one line to the peer and close, with no
   * event of its own; how many were refused goes in one CLIENT_REFUSED line
   * a second per address, so a flood of connections costs the log one line a second.
   */
  private refuseOverBudget(socket: Socket, address: string, disk = false): void {
    socket.on('error', () => undefined);
    socket.on('data', () => undefined);
    socket.resume();
    socket.end(disk ? ErrorReply.diskLow : ErrorReply.peerOverBudget);
    setTimeout(() => socket.destroy(), 1000).unref();
    if (disk) this.refusedFree ??= this.options.diskGuard?.freeBytes;
    const counts = disk ? this.refusedForDisk : this.refused;
    counts.set(address, (counts.get(address) ?? 0) + 1);
    this.refusedTimer ??= setTimeout(() => this.logRefused(), 1000).unref();
  }

  /** A connection with no address: counted, and summed up with the refusals' lines, once a second. */
  private resetBeforeAccept(socket: Socket): void {
    socket.on('error', () => undefined);
    socket.destroy();
    this.resets += 1;
    this.refusedTimer ??= setTimeout(() => this.logRefused(), 1000).unref();
  }

  private logRefused(): void {
    this.refusedTimer = undefined;
    if (this.resets > 0) {
      this.options.log.event(LogEvent.CONNECTIONS_RESET, { count: this.resets, why: messages().reliability.resetBeforeAccept });
      this.resets = 0;
    }
    const t = messages().reliability;
    for (const [address, refused] of this.refused) {
      this.options.log.event(LogEvent.CLIENT_REFUSED, { peer: address, refused, why: t.peerOverBudget });
    }
    for (const [address, refused] of this.refusedForDisk) {
      this.options.log.event(LogEvent.CLIENT_REFUSED, {
        peer: address,
        refused,
        reason: 'disk-low',
        free_bytes: this.refusedFree,
        why: t.diskLow,
      });
    }
    this.refusedFree = undefined;
    this.refused.clear();
    this.refusedForDisk.clear();
  }

  /** Whether the disk has room for new clients; says so on stderr when that changes. */
  private diskRoomy(guard: DiskGuard): boolean {
    const roomy = guard.roomy();
    if (roomy === this.diskLow) {
      this.diskLow = !roomy;
      const t = messages().reliability;
      consoleErr().write((roomy ? t.diskRoomyAgain(guard.freeBytes) : t.diskLowStderr(guard.freeBytes, guard.keptBytes)) + '\n');
    }
    return roomy;
  }

  private dispatch(line: string, context: LineContext, outcome: RequestOutcome): void {
    // Looked up once: Nest's lookup normalises the pattern on every call.
    this.handler ??= this.getHandlerByPattern(LINE_PATTERN)!;
    // A handler (or an interceptor) may answer with an Observable; a plain
    // value needs no RxJS round trip.
    this.handler(line, context).then((result) => deliver(result, outcome), outcome.failed);
  }

  /**
   * Stops accepting, lets requests in progress get their replies for up to
   * `graceMs`, then ends whatever is left. Idempotent; `forceClose` cuts the
   * grace short.
   */
  close(): Promise<void> {
    this.closing ??= this.drain();
    return this.closing;
  }

  /**
   * Ends every open connection now (served, draining or waiting), each
   * logging its CLIENT_DISCONNECTED before this returns, and stops accepting.
   * A pending `close()` then resolves. Idempotent.
   */
  forceClose(): void {
    if (this.state === 'closed') return;
    this.state = 'closed';
    clearTimeout(this.refusedTimer);
    this.logRefused();
    void this.stopListening();
    for (const connection of [...this.connections]) connection.forceClose();
  }

  private async drain(): Promise<void> {
    if (this.state === 'running') {
      this.state = 'closing';
      void this.stopListening();
      const empty = new Promise<void>((resolve) => {
        this.drained = resolve;
        if (this.connections.size === 0) resolve();
      });
      for (const connection of [...this.connections]) connection.shutdown();
      let timer: NodeJS.Timeout | undefined;
      const grace = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, this.options.graceMs);
      });
      await Promise.race([empty, grace]);
      clearTimeout(timer);
    }
    this.forceClose();
    await this.listenerClosed;
  }

  /** `net.Server#close` only stops accepting; it calls back once every socket it accepted has closed. */
  private stopListening(): Promise<void> {
    this.listenerClosed ??= new Promise<void>((resolve) => {
      if (this.server) this.server.close(() => resolve());
      else resolve();
    });
    return this.listenerClosed;
  }

  on(): never {
    throw new Error('LineTransport has no events to listen to');
  }

  unwrap<T>(): T {
    return this.server as T;
  }
}
