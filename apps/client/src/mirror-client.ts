import { Inject, Injectable } from '@nestjs/common';
import { connect, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import {
  CLIENT_CONFIG,
  EVENT_LOG,
  hostPort,
  InjectConfig,
  LineDecoder,
  LogEvent,
  messages,
  type ClientConfig,
  type EventLog,
  type Fields,
  type LogEventName,
} from '@app/common';
import {
  ClientFailure,
  closedBeforeReply,
  connectTimeout,
  explainConnectError,
  replyTimeout,
  osErrorText,
  serverError,
} from './client-failure.js';
import { ClientConsole } from './client-console.js';

/**
 * A reply is our message (at most 64 KiB) mirrored plus a signature (at most
 * 1 KiB); a longer line is no reply, and holding it whole would let a server
 * fill our memory. The same bound as clients/python/client.py's.
 */
const MAX_REPLY_BYTES = 1024 * 1024;
/** After our FIN, how long the server has to answer with its own (what it sends meanwhile is logged). */
const CLOSE_WAIT_MS = 2000;
/** The exit code of a run ended by Ctrl-C or SIGTERM, as a shell reports a SIGINT. */
const INTERRUPTED_EXIT_CODE = 130;

/** The server ended the connection: closed it (FIN), or reset it. */
class ServerGone extends Error {
  constructor(readonly reset: boolean) {
    super(reset ? 'reset' : 'closed');
  }
}

/** Ctrl-C or SIGTERM: the handler has already logged DISCONNECTED reason=interrupted. */
class Interrupted extends Error {}

/** Socket errors that mean the peer is gone (Python's ConnectionError family). */
const PEER_GONE = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED']);

/**
 * The lab client (docs/spec.md#4-clients), step for step the same as `clients/python/client.py`:
 * connect, wait, send the message, wait for the reply, repeat, linger,
 * disconnect. Its pauses are its own: a line that arrives while no reply is
 * awaited is logged as UNEXPECTED and the pause goes on. Every step is logged,
 * and said on the console in a sentence once it is in the log; any failure
 * is logged as ERROR and said on stderr in words a student can act on.
 */
@Injectable()
export class MirrorClient {
  private socket?: Socket;
  /** Whole non-empty lines from the server, not yet looked at. */
  private readonly lines: string[] = [];
  /** How the connection ended, the first news wins: FIN, reset, or a failure to report. */
  private gone?: ServerGone | ClientFailure;
  private phase: 'running' | 'interrupted' | 'finished' = 'running';
  private replies = 0;
  /** Ends the current wait early: something arrived, or the run was interrupted. */
  private wake?: () => void;

  constructor(
    @InjectConfig(CLIENT_CONFIG) private readonly config: ClientConfig,
    @Inject(EVENT_LOG) private readonly log: EventLog,
    private readonly console: ClientConsole,
  ) {}

  /**
   * Runs the whole session; resolves to the exit code: 0 every reply arrived
   * (also when the server ends the session during the linger), 1 on any
   * failure, 130 interrupted by Ctrl-C or SIGTERM.
   */
  async run(): Promise<number> {
    // Installed for the life of the process: a Ctrl-C after the run, while the
    // app shuts down, must still leave every logged event in the file.
    process.on('SIGINT', this.onSignal);
    process.on('SIGTERM', this.onSignal);
    // The terminal closed (or the lab's did): as SIGTERM, as for the servers.
    process.on('SIGHUP', this.onSignal);
    try {
      return await this.session();
    } finally {
      if (this.phase === 'running') this.phase = 'finished';
    }
  }

  /**
   * The stop asked through stdin (MIRROR_LAB_CONTROL=stdin): what SIGTERM
   * does, DISCONNECTED reason=interrupted and exit 130; but only once, and
   * not after a Ctrl-C that already did it (the lab asks every child to stop
   * also when the terminal's Ctrl-C has reached them all).
   */
  requestStop(): void {
    if (this.phase === 'running') this.onSignal();
  }

  /**
   * Synchronous on purpose: the event is in the file before anything else
   * can happen, whatever the run is waiting for.
   */
  private readonly onSignal = (): void => {
    if (this.phase !== 'running') {
      // A second Ctrl-C, or one during shutdown: go now, the log is complete.
      this.log.flush();
      process.exit(INTERRUPTED_EXIT_CODE);
    }
    this.phase = 'interrupted';
    this.log.event(LogEvent.DISCONNECTED, { reason: 'interrupted' });
    this.log.flush();
    this.socket?.destroy();
    this.wake?.();
  };

  private async session(): Promise<number> {
    const c = this.config.client;
    const server = hostPort(this.config.server.host, this.config.server.port);
    const words = this.console.words;
    try {
      // Asked to stop while it started: no connection at all.
      if (this.phase === 'interrupted') throw new Interrupted();
      this.console.say(words.connecting(server));
      const socket = await this.connect();
      const local = hostPort(socket.localAddress ?? 'unknown', socket.localPort ?? 0);
      this.emit(LogEvent.CONNECTED, { server, local });
      this.console.say(words.connected(server, local));
      await this.pause(c.send_after_ms);
      for (let i = 1; i <= c.messages; i += 1) {
        await this.exchange(i);
        if (i < c.messages) await this.pause(c.interval_ms);
      }
      await this.lingerAndDisconnect(server);
      this.console.say(words.done(this.replies, this.log.path));
      return 0;
    } catch (error) {
      // No await from here on: a signal cannot slip in between check and log.
      if (this.phase === 'interrupted') {
        this.console.warn(messages().client.interrupted);
        return INTERRUPTED_EXIT_CODE;
      }
      const failure = this.explain(error);
      this.log.event(LogEvent.ERROR, { what: failure.message });
      this.log.event(LogEvent.DISCONNECTED, { reason: failure.reason });
      // The server's own words may be in it (an ERROR line): shown safe, as a reply is.
      this.console.warn(this.console.shown(failure.message));
      return 1;
    } finally {
      this.socket?.destroy();
    }
  }

  private explain(error: unknown): ClientFailure {
    if (error instanceof ClientFailure) return error;
    if (error instanceof ServerGone)
      return error.reset ? new ClientFailure(messages().client.reset, 'error') : closedBeforeReply();
    return new ClientFailure(messages().client.unexpectedFailure((error as Error)?.message ?? String(error)), 'error');
  }

  /** Every event of the run goes through here: once interrupted, nothing follows DISCONNECTED. */
  private emit(event: LogEventName, fields: Fields): void {
    if (this.phase === 'interrupted') throw new Interrupted();
    this.log.event(event, fields);
  }

  private async connect(): Promise<Socket> {
    const { host, port } = this.config.server;
    const socket = connect({ host, port });
    this.socket = socket;
    let connected = false;
    let error: NodeJS.ErrnoException | undefined;
    socket.once('connect', () => {
      connected = true;
      this.wake?.();
    });
    socket.on('error', (e: NodeJS.ErrnoException) => {
      error ??= e;
      this.wake?.();
    });
    const deadline = performance.now() + this.config.client.connect_timeout_ms;
    while (!connected) {
      if (error) throw explainConnectError(error, this.config);
      if (performance.now() >= deadline) throw connectTimeout(this.config);
      await this.waitUntil(deadline);
    }
    socket.removeAllListeners('error');
    this.attach(socket);
    return socket;
  }

  private attach(socket: Socket): void {
    socket.setNoDelay(true);
    const decoder = new LineDecoder(MAX_REPLY_BYTES);
    socket.on('data', (chunk: Buffer) => {
      const { lines, error } = decoder.push(chunk);
      for (const line of lines) if (line.length > 0) this.lines.push(line);
      if (error) {
        this.gone ??= new ClientFailure(messages().client.replyTooLong(MAX_REPLY_BYTES), 'error');
        socket.destroy();
      }
      this.wake?.();
    });
    socket.on('error', (error: NodeJS.ErrnoException) => {
      this.gone ??= PEER_GONE.has(error.code ?? '')
        ? new ServerGone(true)
        : new ClientFailure(messages().client.connectionError(osErrorText(error)), 'error');
      this.wake?.();
    });
    const ended = (): void => {
      this.gone ??= new ServerGone(false);
      this.wake?.();
    };
    socket.on('end', ended);
    socket.on('close', ended);
  }

  /** Waits `ms`; lines that arrive meanwhile answer no request and do not end the wait. */
  private async pause(ms: number): Promise<void> {
    const deadline = performance.now() + ms;
    for (;;) {
      const line = await this.nextLine(deadline);
      if (line === undefined) return;
      this.unexpected(line);
    }
  }

  private unexpected(line: string): void {
    // An error line while replies are still due (e.g. "ERROR server busy"
    // right after connecting) ends the run: no reply will come.
    if (line.startsWith('ERROR ') && this.replies < this.config.client.messages) throw serverError(line);
    this.emit(LogEvent.UNEXPECTED, { msg: line });
    this.console.say(this.console.words.unexpected(this.console.shown(line)));
  }

  /** Sends the message once and waits for its reply. */
  private async exchange(i: number): Promise<void> {
    const c = this.config.client;
    // Whatever the server sent before this request is not its reply.
    await this.pause(0);
    this.socket!.write(c.message + '\n');
    const n = c.messages > 1 ? i : undefined;
    const nth = n === undefined ? undefined : { i, total: c.messages };
    this.emit(LogEvent.SENT, { msg: c.message, n });
    this.console.say(this.console.words.sent(this.console.shown(c.message), nth));
    const reply = await this.nextLine(performance.now() + c.reply_timeout_ms);
    if (reply === undefined) throw replyTimeout(this.config);
    if (reply.startsWith('ERROR ')) throw serverError(reply);
    this.replies += 1;
    this.emit(LogEvent.RECEIVED, { msg: reply, n });
    this.console.say(this.console.words.received(this.console.shown(reply), nth));
  }

  /** Stays connected `linger_ms` more; every reply has arrived, so the server may end it now. */
  private async lingerAndDisconnect(server: string): Promise<void> {
    try {
      await this.pause(this.config.client.linger_ms);
    } catch (error) {
      if (!(error instanceof ServerGone)) throw error;
      this.emit(LogEvent.DISCONNECTED, { reason: 'server-closed' });
      this.console.say(this.console.words.serverClosed);
      return;
    }
    this.socket!.end();
    try {
      // The server answers our FIN with its own; what it sends until then is logged.
      await this.pause(CLOSE_WAIT_MS);
    } catch (error) {
      if (!(error instanceof ServerGone)) throw error;
    }
    this.emit(LogEvent.DISCONNECTED, { reason: 'done' });
    this.console.say(this.console.words.disconnected(server));
  }

  /**
   * The next line from the server, or `undefined` if none has arrived by
   * `deadline` (performance.now()). Lines already here come before the news
   * that the connection ended, as they came before it on the wire.
   */
  private async nextLine(deadline: number): Promise<string | undefined> {
    for (;;) {
      if (this.phase === 'interrupted') throw new Interrupted();
      const line = this.lines.shift();
      if (line !== undefined) return line;
      if (this.gone) throw this.gone;
      if (performance.now() >= deadline) return undefined;
      await this.waitUntil(deadline);
    }
  }

  /** Sleeps until `deadline` or until `wake` is called, whichever comes first. */
  private async waitUntil(deadline: number): Promise<void> {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, Math.max(0, deadline - performance.now()));
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
    this.wake = undefined;
    if (this.phase === 'interrupted') throw new Interrupted();
  }
}
