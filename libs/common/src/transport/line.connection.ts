import type { Socket } from 'node:net';
import type { Fields } from '../log/log-line.js';
import { messages } from '../i18n/messages.js';
import { EventLog } from '../log/event-log.js';
import { DisconnectReason, LogEvent, type DisconnectReasonName, type LogEventName } from '../log/log.constants.js';
import { BackPressure } from './back-pressure.js';
import { LineDecoder } from './line.decoder.js';
import { LineContext, type LinePeer } from './line.context.js';
import { OrderedWriter, type FlushingLog } from './ordered-writer.js';
import { SessionTimers } from './session-timers.js';
import {
  CLOSE_LINGER_MS,
  ErrorReply,
  HELD_LINES_PER_CONNECTION,
  MIN_HELD_BYTES,
  PENDING_LINE_OVERHEAD_BYTES,
} from './transport.constants.js';

export interface ConnectionOptions {
  maxLineBytes: number;
  /** 0 = no limit. */
  sessionMs: number;
  /** 0 = no limit. */
  idleMs: number;
}

export interface ConnectionHooks {
  /** Produces the reply to one line: the Nest handler pipeline. */
  handle(line: string, context: LineContext): Promise<string>;
  /** The connection has closed and logged CLIENT_DISCONNECTED; called once. */
  closed(connection: LineConnection): void;
}

/** What a connection needs of the event log; `EventLog` is one. */
export interface ConnectionLog extends FlushingLog {
  event(event: LogEventName, fields?: Fields): void;
  /** A per-message event: `fields` formatted once per connection (`EventLog.fields`), then `msg=<text>`. */
  message(event: LogEventName, fields: string, text: string): void;
}

/**
 * Where a connection is in its life (docs/architecture.md has the table):
 * - `waiting`: accepted, not read (server-sync's queue); `start` serves it.
 * - `serving`: reads lines and answers them one at a time, in order.
 * - `draining`: the server is shutting down while a request is in progress:
 *   nothing more is read, that request still gets its reply, then the session ends.
 * - `closing`: the session has ended (`finish`); our last lines and a FIN are
 *   on their way, and bytes still arriving are read and dropped, so the peer
 *   gets that FIN rather than a reset.
 * - `closed`: the socket has closed, CLIENT_DISCONNECTED is logged, the
 *   transport has let go of the connection.
 */
type ConnectionState = 'waiting' | 'serving' | 'draining' | 'closing' | 'closed';

/**
 * How the peer's side of the stream stands: still open, ended by its FIN, or
 * ended by a line over the limit (the decoder reads nothing after it). Either
 * end is acted on once the lines read before it have been answered.
 */
type InputEnd = 'open' | 'ended' | 'line-too-long';

/**
 * The request in progress (one at a time per connection). What a handler may
 * one day add to its MESSAGE_SENT (server-threads' `thread=`) belongs here.
 */
interface LineRequest {
  readonly line: string;
}

/**
 * One client socket: reads lines through the codec, answers them one at a time
 * in order, and funnels every way a session can end into one place (`finish`)
 * and one log event (`closed`). Its parts: `SessionTimers` (session and idle
 * limits), `BackPressure` (stop reading from a peer that does not read),
 * `OrderedWriter` (a line goes out only after the events before it are in the
 * log file).
 */
export class LineConnection {
  readonly info: LinePeer;
  /** What the handler gets with each line: made once, it never changes. */
  private readonly context: LineContext;
  /** ` peer=<address>`, formatted once for the per-message events. */
  private readonly peerField: string;
  private state: ConnectionState = 'waiting';
  private inputEnd: InputEnd = 'open';
  private readonly decoder: LineDecoder;
  /** Lines read and not yet handed to the handler, and what they cost (see `costOf`). */
  private readonly pending: string[] = [];
  private pendingBytes = 0;
  private request?: LineRequest;
  /** Set by `finish`; the reason CLIENT_DISCONNECTED gives. */
  private reason?: DisconnectReasonName;
  private error?: Error;
  private readonly acceptedAt = Date.now();
  private readonly timers: SessionTimers;
  private readonly pressure: BackPressure;
  private readonly writer: OrderedWriter;

  constructor(
    private readonly socket: Socket,
    id: number,
    private readonly options: ConnectionOptions,
    private readonly hooks: ConnectionHooks,
    private readonly log: ConnectionLog,
  ) {
    this.info = { id, peer: peerOf(socket) };
    this.context = new LineContext([this.info]);
    this.peerField = EventLog.fields({ peer: this.info.peer });
    this.decoder = new LineDecoder(options.maxLineBytes);
    this.timers = new SessionTimers(options, {
      sessionExpired: () => this.finish(DisconnectReason.SESSION_TIMEOUT),
      idleExpired: () => this.finish(DisconnectReason.IDLE_TIMEOUT),
      isBusy: () => this.request !== undefined || this.pending.length > 0,
    });
    const limit = Math.max(MIN_HELD_BYTES, HELD_LINES_PER_CONNECTION * options.maxLineBytes);
    this.pressure = new BackPressure(socket, limit, (held) => this.logThrottled(held));
    this.writer = new OrderedWriter(socket, log, this.relieved);
    socket.setNoDelay(true);
    // Paused before any 'data' listener: a waiting client is not read at all.
    socket.pause();
    // One funnel for every socket error: remember it, the 'close' that always
    // follows logs it and releases the connection.
    socket.on('error', (error) => {
      this.error ??= error;
      socket.destroy();
    });
    socket.on('close', () => this.closed());
    socket.on('end', () => this.onEnd());
    socket.on('drain', this.relieved);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
  }

  get peer(): string {
    return this.info.peer;
  }

  /** Accepted, not yet served, not ended: may still be started. */
  get isWaiting(): boolean {
    return this.state === 'waiting';
  }

  /** Logs that the client waits in the queue, at `position` (1 = next). */
  queued(position: number): void {
    this.log.event(LogEvent.CLIENT_QUEUED, { peer: this.peer, position });
  }

  /** Begins the client's service: reading, timers, CLIENT_CONNECTED. */
  start(): void {
    if (this.state !== 'waiting') return;
    this.state = 'serving';
    const waited = Date.now() - this.acceptedAt;
    this.log.event(LogEvent.CLIENT_CONNECTED, { peer: this.peer, waited_ms: waited > 0 ? waited : undefined });
    this.timers.start();
    this.socket.resume();
  }

  /** Refuses a client that cannot be admitted, with a reason line. */
  reject(line: string): void {
    this.writer.line(line);
    this.finish(DisconnectReason.SERVER_BUSY);
  }

  /**
   * Server shutdown: read nothing more; a request in progress still gets its
   * reply, then the session ends. Returns at once; `forceClose` ends the rest.
   */
  shutdown(): void {
    if (this.state === 'waiting') return this.finish(DisconnectReason.SERVER_SHUTDOWN);
    if (this.state !== 'serving') return;
    this.dropPending();
    this.socket.pause();
    if (this.request) this.state = 'draining';
    else this.finish(DisconnectReason.SERVER_SHUTDOWN);
  }

  /**
   * Ends the connection now, in any state, and logs its CLIENT_DISCONNECTED
   * before returning: a process that exits right after still has the event in
   * its log buffer. A session that had already ended keeps its own reason.
   */
  forceClose(): void {
    if (this.state === 'closed') return;
    this.reason ??= DisconnectReason.SERVER_SHUTDOWN;
    this.socket.destroy();
    this.closed();
  }

  private onData(chunk: Buffer): void {
    // `closing`: read and dropped (see ConnectionState).
    if (this.state !== 'serving') return;
    const { lines, error } = this.decoder.push(chunk);
    if (lines.length > 0) {
      this.timers.touch();
      for (const line of lines) {
        if (line.length === 0) continue;
        this.pending.push(line);
        this.pendingBytes += costOf(line);
      }
    }
    if (error) this.inputEnd = 'line-too-long';
    this.next();
  }

  private onEnd(): void {
    if (this.inputEnd === 'open') this.inputEnd = 'ended';
    if (this.state === 'waiting') this.finish(DisconnectReason.CLIENT_CLOSED);
    else this.next();
  }

  /**
   * After anything that changes what the connection holds or owes: start the
   * next request, or end the session when nothing is left, and stop or resume
   * reading by what it now holds.
   */
  private next(): void {
    if (this.state === 'draining') {
      if (!this.request) this.finish(DisconnectReason.SERVER_SHUTDOWN);
      return;
    }
    if (this.state !== 'serving') return;
    if (!this.request) this.startNext();
    if (this.state === 'serving') this.pressure.update(this.heldBytes);
  }

  private startNext(): void {
    const line = this.pending.shift();
    if (line === undefined) {
      if (this.inputEnd === 'line-too-long') {
        this.writer.line(ErrorReply.lineTooLong(this.options.maxLineBytes));
        this.finish(DisconnectReason.LINE_TOO_LONG);
      } else if (this.inputEnd === 'ended') {
        this.finish(DisconnectReason.CLIENT_CLOSED);
      }
      return;
    }
    this.pendingBytes -= costOf(line);
    this.request = { line };
    this.logReceived(line);
    this.hooks.handle(line, this.context).then(this.replied, this.failed);
  }

  // Arrow fields, made once per connection: the per-request path allocates no callbacks.
  private readonly replied = (reply: string): void => this.complete(reply, undefined);
  private readonly failed = (error: unknown): void => this.complete(undefined, error);

  /**
   * The one way a request ends, answered or failed: its line is queued, and
   * the connection moves on exactly as after any other change (`next`).
   */
  private complete(reply: string | undefined, error: unknown): void {
    const request = this.request!;
    this.request = undefined;
    // A failed request's fields are not carried over to the next reply.
    if (reply === undefined) this.context.replyFields = undefined;
    // The session ended meanwhile (timeout, reset, forced shutdown): the peer gets nothing more.
    if (this.state !== 'serving' && this.state !== 'draining') return;
    this.timers.touch();
    if (reply !== undefined) {
      this.logSent(request, reply);
      this.writer.reply(reply + '\n');
    } else {
      this.log.event(LogEvent.HANDLER_ERROR, { peer: this.peer, error: describeError(error) });
      this.writer.line(ErrorReply.internal);
    }
    this.next();
  }

  /** Bytes written or drained from the socket: reading may resume. */
  private readonly relieved = (): void => {
    if (this.state === 'serving') this.pressure.update(this.heldBytes);
  };

  private get heldBytes(): number {
    return this.pendingBytes + this.writer.unsentBytes;
  }

  private dropPending(): void {
    this.pending.length = 0;
    this.pendingBytes = 0;
  }

  // The two per-message events, each in one place, so how they are formatted can change here alone.
  private logReceived(line: string): void {
    this.log.message(LogEvent.MESSAGE_RECEIVED, this.peerField, line);
  }

  private logSent(_request: LineRequest, reply: string): void {
    const extra = this.context.replyFields;
    if (extra === undefined) return this.log.message(LogEvent.MESSAGE_SENT, this.peerField, reply);
    this.context.replyFields = undefined;
    this.log.message(LogEvent.MESSAGE_SENT, this.peerField + EventLog.fields(extra), reply);
  }

  private logThrottled(heldBytes: number): void {
    this.log.event(LogEvent.CLIENT_THROTTLED, {
      peer: this.peer,
      pending: this.pending.length,
      held_bytes: heldBytes,
      limit_bytes: this.pressure.limitBytes,
      why: messages().server.throttled,
    });
  }

  /** Ends the session once, for `reason`: our FIN after the last queued line. */
  private finish(reason: DisconnectReasonName): void {
    if (this.state === 'closing' || this.state === 'closed') return;
    this.state = 'closing';
    this.reason = reason;
    this.dropPending();
    this.timers.stop();
    this.writer.end();
    this.socket.resume();
    setTimeout(() => this.socket.destroy(), CLOSE_LINGER_MS).unref();
  }

  /** The socket has closed (or `forceClose`): log it once and let the transport forget the connection. */
  private closed(): void {
    if (this.state === 'closed') return;
    this.state = 'closed';
    this.dropPending();
    this.timers.stop();
    const reason = this.reason ?? (this.error ? DisconnectReason.ERROR : DisconnectReason.CLIENT_CLOSED);
    this.log.event(LogEvent.CLIENT_DISCONNECTED, {
      peer: this.peer,
      reason,
      error: this.error && reason === DisconnectReason.ERROR ? describeError(this.error) : undefined,
    });
    this.hooks.closed(this);
  }
}

/**
 * What a pending line holds of memory, counted in UTF-8 bytes (close to what
 * V8 stores: Latin-1 text one byte a character, the rest two), plus its share
 * of the queue and of the reply it will get.
 */
function costOf(line: string): number {
  return Buffer.byteLength(line) + PENDING_LINE_OVERHEAD_BYTES;
}

export function peerOf(socket: Socket): string {
  return hostPort(socket.remoteAddress ?? 'unknown', socket.remotePort ?? 0);
}

/** `host:port` as every log and message shows it: an IPv6 address in brackets (`[::1]:8080`), an IPv4-mapped one as IPv4. */
export function hostPort(address: string, port: number): string {
  if (address.startsWith('::ffff:')) address = address.slice(7);
  return address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`;
}

function describeError(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code ? `${code}: ${error.message}` : error.message;
  }
  if (typeof error === 'object' && error !== null && 'message' in error) return String(error.message);
  return String(error);
}
