import type { Socket } from 'node:net';
import { DisconnectReason, LogEvent, type DisconnectReasonName } from '../log/log.constants.js';
import { BackPressure } from './back-pressure.js';
import { MSG_LOG_BYTES } from '../log/log-line.js';
import { budgeted, requestLogBytes, type PeerLogBudget } from './peer-budget.js';
import { LineDecoder } from './line.decoder.js';
import { LineContext } from './line.context.js';
import { OrderedWriter, type FlushingLog } from './ordered-writer.js';
import { MessageEvents, describeError, type MessageLog } from './message-events.js';
import { peerOf } from './peer-address.js';
import { PendingLines } from './pending-lines.js';
import { SessionTimers } from './session-timers.js';
import { CLOSE_LINGER_MS, ErrorReply, HELD_LINES_PER_CONNECTION, MIN_HELD_BYTES } from './transport.constants.js';

export interface ConnectionOptions {
  maxLineBytes: number;
  /** What each client address may make the log write; none: no limit (unit tests). */
  peerBudget?: PeerLogBudget;
  /** 0 = no limit. */
  sessionMs: number;
  /** 0 = no limit. */
  idleMs: number;
}

/** Where a request's outcome goes: its reply line, or why there is none. */
export interface RequestOutcome {
  replied(reply: string): void;
  failed(error: unknown): void;
}

export interface ConnectionHooks {
  /** Produces the reply to one line (the Nest handler pipeline) and tells `outcome` once. */
  handle(line: string, context: LineContext, outcome: RequestOutcome): void;
  /** The connection has closed and logged CLIENT_DISCONNECTED; called once. */
  closed(connection: LineConnection): void;
}

/** What a connection needs of the event log; `EventLog` is one. */
export interface ConnectionLog extends FlushingLog, MessageLog {}

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

/** The connection a socket belongs to, for the socket listeners shared by all connections. */
const CONNECTION = Symbol('LineConnection');

interface OwnedSocket extends Socket {
  [CONNECTION]: LineConnection;
}

/**
 * One client socket: reads lines through the codec, answers them one at a time
 * in order, and funnels every way a session can end into one place (`finish`)
 * and one log event (`closed`). Its parts: `SessionTimers` (session and idle
 * limits), `BackPressure` (stop reading from a peer that does not read),
 * `OrderedWriter` (a line goes out only after the events before it are in the
 * log file), `PendingLines` (the lines read and not yet handled),
 * `MessageEvents` (the events about its requests).
 *
 * An idle connection holds little (docs/performance.md, "Idle connections"):
 * the socket listeners are functions shared by every connection, and each part
 * (decoder, line queue, handler context, timers, writer, back-pressure, the
 * reply callbacks) is made the first time it is needed. A client that never
 * sends costs this object, its peer string and the socket.
 */
export class LineConnection {
  readonly id: number;
  readonly peer: string;
  /** The peer's address alone, what its log budget is kept by; undefined when the socket was reset before it was read. */
  readonly address?: string;
  private state: ConnectionState = 'waiting';
  private inputEnd: InputEnd = 'open';
  /** Made with the first bytes read. */
  private decoder?: LineDecoder;
  /** Lines read and not yet handed to the handler, and what they cost; made with the first line. */
  private pending?: PendingLines;
  /** A line is with the handler (one at a time per connection). */
  private inRequest = false;
  /** What the handler gets with each line: made with the first request, it never changes. */
  private context?: LineContext;
  /** The per-message events, made with the first of them. */
  private events?: MessageEvents;
  /** Set by `finish`; the reason CLIENT_DISCONNECTED gives. */
  private reason?: DisconnectReasonName;
  private error?: Error;
  /** When a client that waits in server-sync's queue was accepted (`queued`). */
  private queuedAt?: number;
  /** Made by `start` when the session has a time limit. */
  private timers?: SessionTimers;
  /** Made the first time the connection holds more than its limit. */
  private pressure?: BackPressure;
  /** Made with the first line to send (or the FIN). */
  private writer?: OrderedWriter;
  /** Destroys the socket if our FIN is not through in time (`finish`). */
  private linger?: NodeJS.Timeout;
  /** Starts the next request once the peer's log budget has refilled. */
  private budgetWait?: NodeJS.Timeout;

  constructor(
    private readonly socket: Socket,
    id: number,
    private readonly options: ConnectionOptions,
    private readonly hooks: ConnectionHooks,
    private readonly log: ConnectionLog,
  ) {
    this.id = id;
    this.address = socket.remoteAddress;
    this.peer = peerOf(socket);
    (socket as OwnedSocket)[CONNECTION] = this;
    socket.setNoDelay(true);
    // Paused before any 'data' listener: a waiting client is not read at all.
    socket.pause();
    socket.on('error', LineConnection.onSocketError);
    socket.on('close', LineConnection.onSocketClose);
    socket.on('end', LineConnection.onSocketEnd);
    socket.on('data', LineConnection.onSocketData);
  }

  // The socket listeners: one function each for every connection (`this` is the socket).

  /** One funnel for every socket error: remember it, the 'close' that always follows logs it and releases the connection. */
  private static onSocketError(this: OwnedSocket, error: Error): void {
    this[CONNECTION].error ??= error;
    this.destroy();
  }

  private static onSocketClose(this: OwnedSocket): void {
    this[CONNECTION].closed();
  }

  private static onSocketEnd(this: OwnedSocket): void {
    this[CONNECTION].onEnd();
  }

  private static onSocketData(this: OwnedSocket, chunk: Buffer): void {
    this[CONNECTION].onData(chunk);
  }

  private static onSocketDrain(this: OwnedSocket): void {
    this[CONNECTION].relieved();
  }

  /** Accepted, not yet served, not ended: may still be started. */
  get isWaiting(): boolean {
    return this.state === 'waiting';
  }

  /** Logs that the client waits in the queue, at `position` (1 = next). */
  queued(position: number): void {
    this.queuedAt ??= Date.now();
    this.log.event(LogEvent.CLIENT_QUEUED, { peer: this.peer, position });
  }

  /** Begins the client's service: reading, timers, CLIENT_CONNECTED. */
  start(): void {
    if (this.state !== 'waiting') return;
    this.state = 'serving';
    const waited = this.queuedAt === undefined ? 0 : Date.now() - this.queuedAt;
    this.log.event(LogEvent.CLIENT_CONNECTED, { peer: this.peer, waited_ms: waited > 0 ? waited : undefined });
    if (this.options.sessionMs > 0 || this.options.idleMs > 0) {
      this.timers = new SessionTimers(this.options, this);
      this.timers.start();
    }
    this.socket.resume();
  }

  /** Refuses a client that cannot be admitted, with a reason line. */
  reject(line: string): void {
    this.output().line(line);
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
    if (this.inRequest) this.state = 'draining';
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
    this.decoder ??= new LineDecoder(this.options.maxLineBytes);
    const { lines, error } = this.decoder.push(chunk);
    if (lines.length > 0) {
      this.timers?.touch();
      for (const line of lines) {
        if (line.length === 0) continue;
        (this.pending ??= new PendingLines()).push(line);
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
      if (!this.inRequest) this.finish(DisconnectReason.SERVER_SHUTDOWN);
      return;
    }
    if (this.state !== 'serving') return;
    if (!this.inRequest) this.startNext();
    if (this.state === 'serving') this.updatePressure();
  }

  private startNext(): void {
    if (this.budgetWait) return;
    const budget = this.options.peerBudget;
    const line = this.pending?.first;
    if (line !== undefined && budget && budgeted(this.address)) {
      const wait = budget.waitMs(this.address!);
      if (wait > 0) {
        this.budgetWait = setTimeout(() => {
          this.budgetWait = undefined;
          this.next();
        }, wait);
        return;
      }
      budget.charge(this.address!, requestLogBytes(line, MSG_LOG_BYTES));
    }
    this.pending?.shift();
    if (line === undefined) {
      if (this.inputEnd === 'line-too-long') {
        this.output().line(ErrorReply.lineTooLong(this.options.maxLineBytes));
        this.finish(DisconnectReason.LINE_TOO_LONG);
      } else if (this.inputEnd === 'ended') {
        this.finish(DisconnectReason.CLIENT_CLOSED);
      }
      return;
    }
    this.inRequest = true;
    this.messageEvents().received(line);
    // Made once per connection, with its first request: later requests allocate none.
    this.outcome ??= {
      replied: (reply) => this.complete(reply, undefined),
      failed: (error) => this.complete(undefined, error),
    };
    this.hooks.handle(line, this.handlerContext(), this.outcome);
  }

  private outcome?: RequestOutcome;

  private handlerContext(): LineContext {
    return (this.context ??= new LineContext([{ id: this.id, peer: this.peer }]));
  }

  /** The writer, made with the first line to send; from then on 'drain' is listened to as well. */
  private output(): OrderedWriter {
    if (this.writer === undefined) {
      this.writer = new OrderedWriter(this.socket, this.log, this);
      this.socket.on('drain', LineConnection.onSocketDrain);
    }
    return this.writer;
  }

  /**
   * The one way a request ends, answered or failed: its line is queued, and
   * the connection moves on exactly as after any other change (`next`).
   */
  private complete(reply: string | undefined, error: unknown): void {
    this.inRequest = false;
    // A failed request's fields are not carried over to the next reply.
    if (reply === undefined && this.context) this.context.replyFields = undefined;
    // The session ended meanwhile (timeout, reset, forced shutdown): the peer gets nothing more.
    if (this.state !== 'serving' && this.state !== 'draining') return;
    this.timers?.touch();
    if (reply !== undefined) {
      this.logSent(reply);
      this.output().reply(reply + '\n');
    } else {
      this.messageEvents().handlerError(error);
      this.output().line(ErrorReply.internal);
    }
    this.next();
  }

  /** Bytes written (`OrderedWriter`) or drained from the socket: reading may resume. */
  relieved(): void {
    if (this.state === 'serving') this.updatePressure();
  }

  /** Stops or resumes reading by what the connection holds (`BackPressure`, made the first time it is over the limit). */
  private updatePressure(): void {
    const held = this.heldBytes;
    if (this.pressure === undefined) {
      if (held <= this.heldLimit) return;
      this.pressure = new BackPressure(this.socket, this.heldLimit, (bytes) =>
        this.messageEvents().throttled(this.pending?.count ?? 0, bytes, this.heldLimit),
      );
    }
    this.pressure.update(held);
  }

  /** What a connection may hold (pending lines and unsent replies) before it stops reading. */
  private get heldLimit(): number {
    return Math.max(MIN_HELD_BYTES, HELD_LINES_PER_CONNECTION * this.options.maxLineBytes);
  }

  private get heldBytes(): number {
    return (this.pending?.bytes ?? 0) + (this.writer ? this.writer.unsentBytes : this.socket.writableLength);
  }

  private dropPending(): void {
    this.pending?.clear();
  }

  // SessionTimeouts: what the session's clocks call.

  /** @internal */
  sessionExpired(): void {
    this.finish(DisconnectReason.SESSION_TIMEOUT);
  }

  /** @internal */
  idleExpired(): void {
    this.finish(DisconnectReason.IDLE_TIMEOUT);
  }

  /** @internal A request is in progress or waiting. */
  isBusy(): boolean {
    return this.inRequest || (this.pending !== undefined && this.pending.count > 0);
  }

  /** The per-message events (`MessageEvents`), made with the first of them. */
  private messageEvents(): MessageEvents {
    return (this.events ??= new MessageEvents(this.log, this.peer));
  }

  private logSent(reply: string): void {
    const extra = this.context?.replyFields;
    if (extra !== undefined) this.context!.replyFields = undefined;
    this.messageEvents().sent(reply, extra);
  }

  /** Ends the session once, for `reason`: our FIN after the last queued line. */
  private finish(reason: DisconnectReasonName): void {
    if (this.state === 'closing' || this.state === 'closed') return;
    this.state = 'closing';
    this.reason = reason;
    this.dropPending();
    this.timers?.stop();
    this.output().end();
    this.socket.resume();
    this.linger = setTimeout(() => this.socket.destroy(), CLOSE_LINGER_MS).unref();
  }

  /** The socket has closed (or `forceClose`): log it once and let the transport forget the connection. */
  private closed(): void {
    if (this.state === 'closed') return;
    this.state = 'closed';
    this.dropPending();
    this.timers?.stop();
    clearTimeout(this.budgetWait);
    // Cleared, not left to fire: a pending timer holds this connection, its
    // socket and its buffers for CLOSE_LINGER_MS more, and with thousands of
    // clients leaving at once that kept them all for the garbage collector's
    // old generation (docs/performance.md).
    clearTimeout(this.linger);
    const reason = this.reason ?? (this.error ? DisconnectReason.ERROR : DisconnectReason.CLIENT_CLOSED);
    this.log.event(LogEvent.CLIENT_DISCONNECTED, {
      peer: this.peer,
      reason,
      error: this.error && reason === DisconnectReason.ERROR ? describeError(this.error) : undefined,
    });
    this.hooks.closed(this);
  }
}
