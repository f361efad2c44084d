import { connect, type Socket } from 'node:net';
import { waitFor } from './wait-for.js';

/** A raw TCP client that collects reply lines. */
export class RawClient {
  readonly socket: Socket;
  readonly lines: string[] = [];
  private buffer = '';
  closed = false;
  /** This end's port, kept after the socket closes: the server logs it as `peer=`. */
  localPort = 0;
  readonly connected: Promise<void>;

  constructor(port: number, host = '127.0.0.1') {
    this.socket = connect({ port, host });
    this.socket.setEncoding('utf8');
    this.socket.on('error', () => undefined);
    this.connected = new Promise((resolve, reject) => {
      this.socket.once('connect', () => {
        this.localPort = this.socket.localPort!;
        resolve();
      });
      this.socket.once('error', reject);
    });
    this.socket.on('data', (s: string) => {
      this.buffer += s;
      let i: number;
      while ((i = this.buffer.indexOf('\n')) !== -1) {
        this.lines.push(this.buffer.slice(0, i));
        this.buffer = this.buffer.slice(i + 1);
      }
    });
    this.socket.on('close', () => (this.closed = true));
  }

  write(data: string | Buffer): void {
    this.socket.write(data);
  }

  /** Waits until `n` lines have arrived. */
  async waitLines(n: number, ms = 10_000): Promise<string[]> {
    await waitFor(
      () => this.lines.length >= n || undefined,
      ms,
      () => `expected ${n} lines, got ${JSON.stringify(this.lines)}`,
    );
    return this.lines.slice(0, n);
  }

  async waitClosed(ms = 10_000): Promise<void> {
    await waitFor(
      () => this.closed || undefined,
      ms,
      () => `connection not closed; lines: ${JSON.stringify(this.lines)}`,
    );
  }

  destroy(): void {
    this.socket.destroy();
  }
}

/** Connects a RawClient and remembers it in `into`, for the test's afterEach to destroy. */
export async function openClient(into: RawClient[], port: number): Promise<RawClient> {
  const client = new RawClient(port);
  into.push(client);
  await client.connected;
  return client;
}
