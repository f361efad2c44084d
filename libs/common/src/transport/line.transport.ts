import { createServer, type AddressInfo, type Server as NetServer, type Socket } from 'node:net';
import { CustomTransportStrategy, Server, type MessageHandler } from '@nestjs/microservices';
import { isObservable, lastValueFrom } from 'rxjs';
import type { EventLog } from '../log/event-log.js';
import { DisconnectReason, LogEvent } from '../log/log.constants.js';
import type { AdmissionPolicy } from './admission.js';
import type { LineContext } from './line.context.js';
import { LineConnection, peerOf, type ConnectionHooks, type ConnectionOptions } from './line.connection.js';
import { ErrorReply, LINE_PATTERN, LISTEN_BACKLOG } from './transport.constants.js';

export interface LineTransportOptions extends ConnectionOptions {
  host: string;
  port: number;
  maxConnections: number;
  graceMs: number;
  admission: AdmissionPolicy;
  log: EventLog;
}

type Status = 'idle' | 'running' | 'closing' | 'closed';

/**
 * A Nest transport strategy for the line protocol of SPEC §1. Each non-empty
 * line is dispatched to the `@MessagePattern(LINE_PATTERN)` handler, through
 * Nest's pipeline (interceptors, pipes, filters), and its return value is the
 * reply line.
 *
 * This class owns the listener: accept, admit (the policy decides who is
 * served now), track open connections, close. Everything per socket lives in
 * `LineConnection`, and framing in the pure `LineDecoder`.
 */
/** What a handler answered, as the reply line: a plain value, or the last value of an Observable. */
function toReply(result: unknown): string | Promise<string> {
  return isObservable(result) ? lastValueFrom(result).then(String) : String(result);
}

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

  constructor(private readonly options: LineTransportOptions) {
    super();
    this.hooks = {
      handle: (line, context) => this.dispatch(line, context),
      closed: (connection) => {
        this.connections.delete(connection);
        this.options.admission.release(connection);
        if (this.connections.size === 0) this.drained?.();
      },
    };
  }

  private drained?: () => void;
  private handler?: MessageHandler;

  listen(callback: (error?: unknown) => void): void {
    if (!this.getHandlerByPattern(LINE_PATTERN)) {
      callback(new Error(`no @MessagePattern('${LINE_PATTERN}') handler is registered`));
      return;
    }
    const server = createServer({ allowHalfOpen: true, pauseOnConnect: true }, (socket) => this.accept(socket));
    this.server = server;
    const onStartError = (error: Error) => callback(error);
    server.once('error', onStartError);
    server.listen({ host: this.options.host, port: this.options.port, backlog: LISTEN_BACKLOG }, () => {
      server.off('error', onStartError);
      // After start-up, accept errors (EMFILE when out of file descriptors,
      // ECONNABORTED) are passing: libuv keeps the listener, so log and go on.
      server.on('error', (error) => this.logger.error(`accept failed: ${error.message}`));
      this.state = 'running';
      callback();
    });
  }

  /** The address actually bound (port 0 becomes a real port). */
  address(): AddressInfo {
    return this.server?.address() as AddressInfo;
  }

  get openConnections(): number {
    return this.connections.size;
  }

  private accept(socket: Socket): void {
    if (this.state !== 'running') {
      socket.destroy();
      return;
    }
    if (this.connections.size >= this.options.maxConnections) {
      this.refuse(socket);
      return;
    }
    const connection = new LineConnection(socket, this.nextId++, this.options, this.hooks, this.options.log);
    this.connections.add(connection);
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
      why: `too many connections (limit ${this.options.maxConnections})`,
    });
  }

  private dispatch(line: string, context: LineContext): Promise<string> {
    // Looked up once: Nest's lookup normalises the pattern on every call.
    this.handler ??= this.getHandlerByPattern(LINE_PATTERN)!;
    // A handler (or an interceptor) may answer with an Observable; a plain
    // value needs no RxJS round trip.
    return this.handler(line, context).then(toReply);
  }

  /**
   * Stops accepting, lets requests in progress get their replies for up to
   * `graceMs`, then ends whatever is left. Idempotent.
   */
  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private async shutdown(): Promise<void> {
    if (this.state === 'idle') {
      this.state = 'closed';
      return;
    }
    this.state = 'closing';
    const stopped = new Promise<void>((resolve) => this.server?.close(() => resolve()));
    const drained = new Promise<void>((resolve) => {
      this.drained = resolve;
      if (this.connections.size === 0) resolve();
    });
    for (const connection of [...this.connections]) connection.shutdown();
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, this.options.graceMs);
    });
    await Promise.race([drained, grace]);
    clearTimeout(timer);
    for (const connection of [...this.connections]) connection.forceClose();
    await drained;
    await stopped;
    this.state = 'closed';
  }

  /**
   * Ends every connection at once (a second signal during the drain); each
   * logs `CLIENT_DISCONNECTED reason=server-shutdown`, and a pending
   * `close()` then resolves.
   */
  forceClose(): void {
    for (const connection of [...this.connections]) connection.forceClose();
  }

  on(): never {
    throw new Error('LineTransport has no events to listen to');
  }

  unwrap<T>(): T {
    return this.server as T;
  }
}
