import { Inject, Injectable } from '@nestjs/common';
import { connect, type Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { CLIENT_CONFIG, EVENT_LOG, InjectConfig, LineDecoder, LogEvent, type ClientConfig, type EventLog } from '@app/common';
import {
  ClientFailure,
  closedBeforeReply,
  connectTimeout,
  explainConnectError,
  replyTimeout,
  serverError,
} from './client-failure.js';

/** Replies are longer than requests (mirror + signature); bound them all the same. */
const MAX_REPLY_BYTES = 64 * 1024 * 1024;

/**
 * The lab client (SPEC §4): connect, wait, send the message, wait for the
 * reply, repeat, linger, disconnect. Every step is logged; any failure is
 * logged as ERROR in words a student can act on.
 */
@Injectable()
export class MirrorClient {
  private socket?: Socket;
  private readonly replies: string[] = [];
  private wake?: () => void;
  private closed = false;
  private socketError?: NodeJS.ErrnoException;

  constructor(
    @InjectConfig(CLIENT_CONFIG) private readonly config: ClientConfig,
    @Inject(EVENT_LOG) private readonly log: EventLog,
  ) {}

  /** Runs the whole session; resolves to the exit code (0 every reply arrived, 1 otherwise). */
  async run(): Promise<number> {
    const server = `${this.config.server.host}:${this.config.server.port}`;
    try {
      const socket = await this.connect();
      this.log.event(LogEvent.CONNECTED, { server, local: `${socket.localAddress}:${socket.localPort}` });
      const c = this.config.client;
      await this.pause(c.send_after_ms);
      for (let i = 1; i <= c.messages; i += 1) {
        socket.write(c.message + '\n');
        this.log.event(LogEvent.SENT, { msg: c.message, n: c.messages > 1 ? i : undefined });
        const reply = await this.nextReply();
        if (reply.startsWith('ERROR ')) throw serverError(reply);
        this.log.event(LogEvent.RECEIVED, { msg: reply, n: c.messages > 1 ? i : undefined });
        if (i < c.messages) await this.pause(c.interval_ms);
      }
      await this.pause(c.linger_ms);
      await this.disconnect();
      this.log.event(LogEvent.DISCONNECTED, { reason: 'done' });
      return 0;
    } catch (error) {
      const failure =
        error instanceof ClientFailure ? error : new ClientFailure(`unexpected failure: ${(error as Error).message}`, 'error');
      this.log.event(LogEvent.ERROR, { what: failure.message });
      this.log.event(LogEvent.DISCONNECTED, { reason: failure.reason });
      this.socket?.destroy();
      process.stderr.write(`client: ${failure.message}\n`);
      return 1;
    }
  }

  private connect(): Promise<Socket> {
    const { host, port } = this.config.server;
    return new Promise((resolve, reject) => {
      const socket = connect({ host, port });
      this.socket = socket;
      const timer = setTimeout(() => {
        socket.destroy();
        reject(connectTimeout(this.config));
      }, this.config.client.connect_timeout_ms);
      socket.once('error', (error: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        reject(explainConnectError(error, this.config));
      });
      socket.once('connect', () => {
        clearTimeout(timer);
        socket.removeAllListeners('error');
        this.attach(socket);
        resolve(socket);
      });
    });
  }

  private attach(socket: Socket): void {
    socket.setNoDelay(true);
    const decoder = new LineDecoder(MAX_REPLY_BYTES);
    socket.on('data', (chunk: Buffer) => {
      const { lines, error } = decoder.push(chunk);
      this.replies.push(...lines.filter((line) => line.length > 0));
      if (error) this.socketError = Object.assign(new Error('reply too long'), { code: 'EREPLYTOOLONG' });
      this.wake?.();
    });
    socket.on('error', (error: NodeJS.ErrnoException) => {
      this.socketError ??= error;
      this.wake?.();
    });
    socket.on('close', () => {
      this.closed = true;
      this.wake?.();
    });
  }

  private async nextReply(): Promise<string> {
    const deadline = Date.now() + this.config.client.reply_timeout_ms;
    for (;;) {
      const reply = this.replies.shift();
      if (reply !== undefined) return reply;
      this.throwIfGone();
      const left = deadline - Date.now();
      if (left <= 0) throw replyTimeout(this.config);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = undefined;
    }
  }

  /** Waits `ms`, failing early if the server hangs up meanwhile. */
  private async pause(ms: number): Promise<void> {
    if (ms > 0) {
      await Promise.race([
        sleep(ms),
        new Promise<void>((resolve) => {
          this.wake = resolve;
        }),
      ]);
      this.wake = undefined;
    }
    if (this.replies.length > 0 && this.replies[0].startsWith('ERROR ')) throw serverError(this.replies[0]);
    this.throwIfGone();
  }

  private throwIfGone(): void {
    if (this.socketError) {
      const e = this.socketError;
      throw new ClientFailure(
        e.code === 'ECONNRESET' ? 'the server reset the connection' : `connection error: ${e.code ?? ''} ${e.message}`.trim(),
        'error',
      );
    }
    if (this.closed) throw closedBeforeReply();
  }

  private disconnect(): Promise<void> {
    const socket = this.socket!;
    return new Promise((resolve) => {
      if (this.closed) return resolve();
      socket.once('close', () => resolve());
      socket.end();
      setTimeout(() => {
        socket.destroy();
        resolve();
      }, 2000).unref();
    });
  }
}
