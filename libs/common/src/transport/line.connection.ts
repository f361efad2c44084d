import type { Socket } from 'node:net';
import type { EventLog } from '../log/event-log.js';
import { formatFields, formatValue } from '../log/log-line.js';
import { DisconnectReason, LogEvent, type DisconnectReasonName } from '../log/log.constants.js';
import { LineDecoder } from './line.decoder.js';
import { LineContext, type LinePeer } from './line.context.js';
import { CLOSE_LINGER_MS, ErrorReply, MAX_PENDING_LINES, MAX_UNSENT_BYTES } from './transport.constants.js';

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
  /** The socket has closed; called once. */
  closed(connection: LineConnection): void;
}

type State = 'waiting' | 'serving' | 'closing' | 'closed';

/**
 * One client socket: reads lines through the codec, answers them one at a time
 * in order, runs the session and idle timers, and funnels every way a session
 * can end into one place (`finish`) and one log event (on `close`).
 *
 * A connection starts `waiting` (accepted, not read: server-sync's queue) and
 * is `start`ed when the admission policy lets it be served.
 */
export class LineConnection {
  readonly info: LinePeer;
  /** What the handler gets with each line: made once, it never changes. */
  private readonly context: LineContext;
  /** ` peer=<address>`, formatted once for the per-message events. */
  private readonly peerField: string;
  private state: State = 'waiting';
  private readonly decoder: LineDecoder;
  private readonly lines: string[] = [];
  /** Reply bytes waiting for the log to hold their events (see `send`). */
  private outbox = '';
  private inProgress = false;
  private peerEnded = false;
  private lineTooLong = false;
  /** Set by `finish`; the reason CLIENT_DISCONNECTED gives. */
  private reason?: DisconnectReasonName;
  private error?: Error;
  private throttled = false;
  private throttleLogged = false;
  private drainOnly = false;
  private readonly acceptedAt = Date.now();
  private lastActivity = 0;
  private sessionTimer?: NodeJS.Timeout;
  private idleTimer?: NodeJS.Timeout;

  constructor(
    private readonly socket: Socket,
    id: number,
    private readonly options: ConnectionOptions,
    private readonly hooks: ConnectionHooks,
    private readonly log: EventLog,
  ) {
    this.info = { id, peer: peerOf(socket) };
    this.context = new LineContext([this.info]);
    this.peerField = formatFields({ peer: this.info.peer });
    this.decoder = new LineDecoder(options.maxLineBytes);
    socket.setNoDelay(true);
    // One funnel for every socket error: remember it, the 'close' that always
    // follows logs it and releases the connection.
    socket.on('error', (error) => {
      this.error ??= error;
      socket.destroy();
    });
    socket.on('close', () => this.onClose());
    socket.on('end', () => this.onEnd());
    socket.on('drain', () => this.maybeResume());
    socket.pause();
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
    this.lastActivity = Date.now();
    if (this.options.sessionMs > 0) {
      this.sessionTimer = setTimeout(() => this.finish(DisconnectReason.SESSION_TIMEOUT), this.options.sessionMs);
    }
    if (this.options.idleMs > 0) {
      this.idleTimer = setTimeout(() => this.checkIdle(), this.options.idleMs);
    }
    this.socket.on('data', (chunk: Buffer) => this.onData(chunk));
    this.socket.resume();
  }

  /** Refuses a client that cannot be admitted, with a reason line. */
  reject(line: string): void {
    this.send(line);
    this.finish(DisconnectReason.SERVER_BUSY);
  }

  /**
   * Server shutdown: read nothing more; a request in progress still gets its
   * reply, then the session ends. Returns at once; `forceClose` ends the rest.
   */
  shutdown(): void {
    if (this.state === 'closing' || this.state === 'closed') return;
    this.lines.length = 0;
    this.socket.pause();
    if (this.state === 'waiting' || !this.inProgress) this.finish(DisconnectReason.SERVER_SHUTDOWN);
    else this.drainOnly = true;
  }

  forceClose(): void {
    this.reason ??= DisconnectReason.SERVER_SHUTDOWN;
    this.socket.destroy();
  }

  private onData(chunk: Buffer): void {
    // After the session ended, bytes still arriving are read and dropped, so
    // the peer gets our last line and a FIN rather than a reset.
    if (this.state !== 'serving' || this.drainOnly) return;
    const { lines, error } = this.decoder.push(chunk);
    if (lines.length > 0) {
      this.lastActivity = Date.now();
      for (const line of lines) if (line.length > 0) this.lines.push(line);
    }
    if (error) this.lineTooLong = true;
    this.pump();
    if (this.lines.length >= MAX_PENDING_LINES) this.throttle();
  }

  private onEnd(): void {
    this.peerEnded = true;
    if (this.state === 'serving') this.pump();
    else if (this.state === 'waiting') this.finish(DisconnectReason.CLIENT_CLOSED);
  }

  /** Starts the next request if none is in progress; ends the session when nothing is left. */
  private pump(): void {
    if (this.inProgress || this.state !== 'serving') return;
    if (this.drainOnly) return this.finish(DisconnectReason.SERVER_SHUTDOWN);
    const line = this.lines.shift();
    if (line === undefined) {
      if (this.lineTooLong) {
        this.send(ErrorReply.lineTooLong(this.options.maxLineBytes));
        this.finish(DisconnectReason.LINE_TOO_LONG);
      } else if (this.peerEnded) {
        this.finish(DisconnectReason.CLIENT_CLOSED);
      }
      return;
    }
    this.inProgress = true;
    this.log.formatted(LogEvent.MESSAGE_RECEIVED, this.peerField + ' msg=' + formatValue(line));
    this.hooks.handle(line, this.context).then(this.replied, this.handlerFailed);
  }

  // Arrow fields, made once per connection: the per-request path allocates no callbacks.
  private readonly replied = (reply: string): void => {
    this.inProgress = false;
    if (this.state !== 'serving') return;
    this.lastActivity = Date.now();
    this.log.formatted(LogEvent.MESSAGE_SENT, this.peerField + ' msg=' + formatValue(reply));
    this.send(reply + '\n');
    this.maybeResume();
    this.pump();
  };

  private readonly handlerFailed = (error: unknown): void => {
    this.inProgress = false;
    if (this.state !== 'serving') return;
    this.lastActivity = Date.now();
    this.log.event(LogEvent.HANDLER_ERROR, { peer: this.peer, error: describeError(error) });
    this.send(ErrorReply.internal);
    this.pump();
  };

  /**
   * Writes once the log holds every event logged so far, so a reply can never
   * be seen by the peer before its MESSAGE_SENT is in the file. Text sent
   * before that flush waits in `outbox` and goes out in one write.
   */
  private send(text: string): void {
    const waiting = this.outbox.length > 0;
    this.outbox += text;
    if (!waiting) this.log.afterFlush(this.writeOutbox);
  }

  private readonly writeOutbox = (): void => {
    const text = this.outbox;
    this.outbox = '';
    if (!this.socket.destroyed && this.socket.writable) this.socket.write(text);
    if (this.socket.writableLength >= MAX_UNSENT_BYTES) this.throttle();
  };

  /** Stops reading from a peer that sends faster than it reads our replies. */
  private throttle(): void {
    if (this.throttled || this.state !== 'serving') return;
    this.throttled = true;
    this.socket.pause();
    if (!this.throttleLogged) {
      this.throttleLogged = true;
      this.log.event(LogEvent.CLIENT_THROTTLED, {
        peer: this.peer,
        pending: this.lines.length,
        unsent_bytes: this.socket.writableLength,
        why: 'client sends requests faster than it reads replies; reading paused until it catches up',
      });
    }
  }

  private maybeResume(): void {
    if (!this.throttled || this.state !== 'serving' || this.drainOnly) return;
    if (this.lines.length < MAX_PENDING_LINES / 2 && this.socket.writableLength < MAX_UNSENT_BYTES / 2) {
      this.throttled = false;
      this.socket.resume();
    }
  }

  private checkIdle(): void {
    if (this.state !== 'serving') return;
    const busy = this.inProgress || this.lines.length > 0;
    const silent = Date.now() - this.lastActivity;
    if (!busy && silent >= this.options.idleMs) return this.finish(DisconnectReason.IDLE_TIMEOUT);
    this.idleTimer = setTimeout(() => this.checkIdle(), busy ? this.options.idleMs : this.options.idleMs - silent);
  }

  /** Ends the session once, for `reason`: our FIN after the last queued write. */
  private finish(reason: DisconnectReasonName): void {
    if (this.state === 'closing' || this.state === 'closed') return;
    const wasWaiting = this.state === 'waiting';
    this.state = 'closing';
    this.reason = reason;
    this.lines.length = 0;
    this.clearTimers();
    if (wasWaiting) this.socket.on('data', () => undefined);
    this.socket.resume();
    this.log.afterFlush(() => {
      if (!this.socket.destroyed) this.socket.end();
    });
    setTimeout(() => this.socket.destroy(), CLOSE_LINGER_MS).unref();
  }

  private onClose(): void {
    if (this.state === 'closed') return;
    this.state = 'closed';
    this.clearTimers();
    const reason = this.reason ?? (this.error ? DisconnectReason.ERROR : DisconnectReason.CLIENT_CLOSED);
    this.log.event(LogEvent.CLIENT_DISCONNECTED, {
      peer: this.peer,
      reason,
      error: this.error && reason === DisconnectReason.ERROR ? describeError(this.error) : undefined,
    });
    this.hooks.closed(this);
  }

  private clearTimers(): void {
    clearTimeout(this.sessionTimer);
    clearTimeout(this.idleTimer);
  }
}

export function peerOf(socket: Socket): string {
  let address = socket.remoteAddress ?? 'unknown';
  if (address.startsWith('::ffff:')) address = address.slice(7);
  if (address.includes(':')) address = `[${address}]`;
  return `${address}:${socket.remotePort ?? 0}`;
}

function describeError(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code ? `${code}: ${error.message}` : error.message;
  }
  if (typeof error === 'object' && error !== null && 'message' in error) return String(error.message);
  return String(error);
}
