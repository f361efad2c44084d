import type { Server as NetServer, Socket } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { MessageHandler } from '@nestjs/microservices';
import type { Fields } from '../log/log-line.js';
import type { LogEventName } from '../log/log.constants.js';
import { ConcurrentAdmission, SerialAdmission, type AdmissionPolicy } from './admission.js';
import { LineConnection, type ConnectionLog } from './line.connection.js';
import { LineTransport } from './line.transport.js';
import { ErrorReply, LINE_PATTERN } from './transport.constants.js';
import { RawClient, waitFor } from '../testing/index.js';

/**
 * An event log in memory. `afterFlush` calls back on the next turn, as the
 * file does, and reports `written` as the test sets it (false: disk full).
 */
class FakeLog implements ConnectionLog {
  readonly records: Array<{ event: LogEventName; fields: Fields | string }> = [];
  written = true;

  event(event: LogEventName, fields: Fields = {}): void {
    this.records.push({ event, fields });
  }

  message(event: LogEventName, fields: string, text: string): void {
    this.records.push({ event, fields: fields + ' msg=' + JSON.stringify(text) });
  }

  afterFlush(fn: (written?: boolean) => void): void {
    const written = this.written;
    setImmediate(() => fn(written));
  }

  named(event: LogEventName): Array<Fields | string> {
    return this.records.filter((r) => r.event === event).map((r) => r.fields);
  }
}

type Handler = (line: string) => Promise<string>;

describe(`${LineConnection.name} (each served through a ${LineTransport.name})`, () => {
  let transport: LineTransport | undefined;
  const peers: RawClient[] = [];

  async function serve(
    handler: Handler,
    log: FakeLog,
    options: { maxLineBytes?: number; admission?: AdmissionPolicy; graceMs?: number } = {},
  ) {
    const t = new LineTransport({
      host: '127.0.0.1',
      port: 0,
      maxLineBytes: options.maxLineBytes ?? 1024,
      maxConnections: 100,
      sessionMs: 0,
      idleMs: 0,
      graceMs: options.graceMs ?? 1000,
      admission: options.admission ?? new ConcurrentAdmission(),
      log,
    });
    t.addHandler(LINE_PATTERN, handler as unknown as MessageHandler);
    await new Promise<void>((resolve, reject) => t.listen((error) => (error ? reject(error) : resolve())));
    transport = t;
    return t;
  }

  async function open(): Promise<RawClient> {
    const peer = new RawClient(transport!.address().port);
    peers.push(peer);
    await peer.connected;
    return peer;
  }

  afterEach(async () => {
    for (const peer of peers.splice(0)) peer.destroy();
    transport?.forceClose();
    await transport?.close();
    transport = undefined;
  });

  it('should let a connection that has closed be collected at once, not hold it for the FIN timer', async () => {
    // A garbage collection on demand (what --expose-gc gives), without restarting jest's Node.
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const log = new FakeLog();
    const t = await serve(async (line) => `ok ${line}`, log);
    let socket: WeakRef<Socket> | undefined;
    t.unwrap<NetServer>().on('connection', (s: Socket) => (socket = new WeakRef(s)));
    const peer = await open();
    peer.write('x\n');
    expect(await peer.waitLines(1)).toEqual(['ok x']);
    // The client leaves first: the server's FIN follows, under CLOSE_LINGER_MS's timer.
    peer.socket.end();
    await waitFor(
      () => log.named('CLIENT_DISCONNECTED').length === 1 || undefined,
      2000,
      () => 'no CLIENT_DISCONNECTED',
    );
    peers.splice(0);
    await new Promise((r) => setImmediate(r));
    await waitFor(
      () => {
        gc();
        return socket!.deref() === undefined || undefined;
      },
      1000,
      () => 'the closed socket is still held',
    );
  });

  it('should give idle connections shared socket listeners and no per-connection writer until the first reply', async () => {
    const log = new FakeLog();
    const t = await serve(async (line) => `ok ${line}`, log);
    const sockets: Socket[] = [];
    t.unwrap<NetServer>().on('connection', (socket: Socket) => sockets.push(socket));
    const [a, b] = [await open(), await open()];
    await waitFor(
      () => sockets.length === 2 || undefined,
      2000,
      () => `${sockets.length} sockets accepted`,
    );
    // The same functions on both sockets: an idle connection costs no closures of its own (docs/performance.md).
    for (const event of ['data', 'end', 'close', 'error']) {
      const [first, second] = sockets.map((socket) => socket.listeners(event));
      expect(first.length).toBeGreaterThan(0);
      expect(second).toHaveLength(first.length);
      first.forEach((listener, i) => expect(second[i]).toBe(listener));
    }
    expect(sockets[0].listenerCount('drain')).toBe(0);
    a.write('x\n');
    expect(await a.waitLines(1)).toEqual(['ok x']);
    b.write('y\n');
    expect(await b.waitLines(1)).toEqual(['ok y']);
    // Once it has written, a connection listens for 'drain' (back-pressure), with the shared listener too.
    expect(sockets[0].listeners('drain')).toHaveLength(1);
    expect(sockets[0].listeners('drain')[0]).toBe(sockets[1].listeners('drain')[0]);
  });

  it('should read again after pipelined requests all fail, and answer the next one', async () => {
    const log = new FakeLog();
    await serve(async (line) => {
      if (line === 'fail') throw new Error('handler failed');
      return `ok ${line}`;
    }, log);
    const peer = await open();
    // More than a connection holds, in one write: reading stops while they are worked off.
    const n = 2000;
    peer.write('fail\n'.repeat(n));
    await peer.waitLines(n);
    expect(log.named('CLIENT_THROTTLED')).toHaveLength(1);
    peer.write('one more\n');
    expect((await peer.waitLines(n + 1, 5000))[n]).toBe('ok one more');
    expect(new Set(peer.lines.slice(0, n))).toEqual(new Set([ErrorReply.internal.trimEnd()]));
  });

  it('should stop reading after a few long lines, not hundreds, and answer every line once the handler catches up', async () => {
    const log = new FakeLog();
    const waiting: Array<() => void> = [];
    let calls = 0;
    await serve(
      (line) => {
        calls += 1;
        return new Promise((resolve) => waiting.push(() => resolve(`ok ${line.length} ${line[0]}`)));
      },
      log,
      { maxLineBytes: 16_384 },
    );
    const peer = await open();
    const lines = Array.from({ length: 300 }, (_, i) => String.fromCharCode(97 + (i % 26)).repeat(16_000));
    peer.write(lines.map((l) => l + '\n').join(''));
    await waitFor(
      () => log.named('CLIENT_THROTTLED').length > 0 || undefined,
      5000,
      () => 'never throttled',
    );
    await new Promise((r) => setTimeout(r, 300));
    const [throttled] = log.named('CLIENT_THROTTLED') as Fields[];
    // The limit is 4 lines' worth (64 KiB); one more socket read may land before reading stops.
    expect(Number(throttled.pending)).toBeLessThanOrEqual(10);
    expect(Number(throttled.held_bytes)).toBeLessThan(2 * 65_536);
    expect(throttled.limit_bytes).toBe(65_536);
    expect(calls).toBe(1);

    // Let the handler answer, one line at a time as they come.
    const answering = setInterval(() => waiting.splice(0).forEach((answer) => answer()), 5);
    try {
      await peer.waitLines(300, 20_000);
    } finally {
      clearInterval(answering);
    }
    expect(peer.lines).toEqual(lines.map((l) => `ok 16000 ${l[0]}`));
  });

  it('should answer ERROR server cannot write its log instead of replies it could not record, and recover', async () => {
    const log = new FakeLog();
    await serve(async (line) => {
      if (line === 'fail') throw new Error('handler failed');
      return `ok ${line}`;
    }, log);
    const peer = await open();
    log.written = false;
    peer.write('a\nfail\nb\n');
    expect(await peer.waitLines(3)).toEqual([
      ErrorReply.logUnwritable.trimEnd(),
      ErrorReply.internal.trimEnd(),
      ErrorReply.logUnwritable.trimEnd(),
    ]);
    log.written = true;
    peer.write('c\n');
    expect((await peer.waitLines(4))[3]).toBe('ok c');
  });

  it('should end served and queued connections on forceClose, logging each before it returns', async () => {
    const log = new FakeLog();
    await serve(() => new Promise<string>(() => undefined), log, { admission: new SerialAdmission(10) });
    const served = await open();
    served.write('never answered\n');
    await waitFor(
      () => log.named('MESSAGE_RECEIVED').length > 0 || undefined,
      5000,
      () => 'not received',
    );
    const queued = await open();
    await waitFor(
      () => log.named('CLIENT_QUEUED').length > 0 || undefined,
      5000,
      () => 'not queued',
    );
    expect(log.named('CLIENT_DISCONNECTED')).toHaveLength(0);

    transport!.forceClose();
    const disconnected = log.named('CLIENT_DISCONNECTED') as Fields[];
    expect(disconnected).toEqual([
      { peer: `127.0.0.1:${served.localPort}`, reason: 'server-shutdown', error: undefined },
      { peer: `127.0.0.1:${queued.localPort}`, reason: 'server-shutdown', error: undefined },
    ]);
    transport!.forceClose();
    expect(log.named('CLIENT_DISCONNECTED')).toHaveLength(2);
    await served.waitClosed();
    await queued.waitClosed();
    // Closing the served client did not start the queued one.
    expect(log.named('CLIENT_CONNECTED')).toHaveLength(1);
    await transport!.close();
  });

  it('should let a close() that waits out its grace resolve at once on forceClose', async () => {
    const log = new FakeLog();
    await serve(() => new Promise<string>(() => undefined), log, { graceMs: 60_000 });
    const served = await open();
    served.write('never answered\n');
    await waitFor(
      () => log.named('MESSAGE_RECEIVED').length > 0 || undefined,
      5000,
      () => 'not received',
    );

    let closed = false;
    const closing = transport!.close().then(() => (closed = true));
    await new Promise((r) => setTimeout(r, 200));
    // Draining: the request in progress may still be answered within the grace.
    expect(closed).toBe(false);
    expect(log.named('CLIENT_DISCONNECTED')).toHaveLength(0);

    transport!.forceClose();
    expect(log.named('CLIENT_DISCONNECTED')).toEqual([
      { peer: `127.0.0.1:${served.localPort}`, reason: 'server-shutdown', error: undefined },
    ]);
    await closing;
    expect(closed).toBe(true);
  });
});
