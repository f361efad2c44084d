import type { Worker } from 'node:cluster';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { HandoffRouter } from './handoff-router.js';

type Send = (message: unknown, handle: unknown, options: unknown, done: (error: Error | null) => void) => void;

/** A stand-in for a cluster worker: records what the router sends it; `answer` decides how each send ends. */
class FakeWorker {
  readonly messages: unknown[] = [];
  readonly sockets: Socket[] = [];
  connected = true;
  answer: (done: (error: Error | null) => void) => void = (done) => process.nextTick(done, null);

  readonly send: Send = (message, handle, _options, done) => {
    if (handle) {
      this.sockets.push(handle as Socket);
      this.answer(done);
    } else {
      this.messages.push(message);
      done(null);
    }
  };

  isConnected(): boolean {
    return this.connected;
  }

  get idle(): unknown {
    return this.messages.at(-1);
  }

  as(): Worker {
    return this as unknown as Worker;
  }
}

describe('HandoffRouter (the primary side of the connection hand-off)', () => {
  let server: Server;
  let port: number;
  const accepted: Socket[] = [];
  const peers: Socket[] = [];

  beforeAll(async () => {
    server = createServer((socket) => accepted.push(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as { port: number }).port;
  });

  afterEach(() => {
    for (const s of [...accepted.splice(0), ...peers.splice(0)]) s.destroy();
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  /** A real accepted socket, as a worker would pass it. */
  async function socket(): Promise<Socket> {
    const before = accepted.length;
    const peer = connect(port, '127.0.0.1');
    peer.on('error', () => undefined);
    peers.push(peer);
    await new Promise((resolve) => peer.once('connect', resolve));
    while (accepted.length === before) await new Promise((resolve) => setTimeout(resolve, 5));
    return accepted[before];
  }

  const tick = () => new Promise((resolve) => setImmediate(resolve));

  function twoWorkers() {
    const router = new HandoffRouter();
    const w1 = new FakeWorker();
    const w2 = new FakeWorker();
    router.join(1, w1.as());
    router.join(2, w2.as());
    return { router, w1, w2 };
  }

  it('should tell the workers who is idle only when that changes, and pass a socket to the idle worker', async () => {
    const { router, w1, w2 } = twoWorkers();
    expect(w2.idle).toMatchObject({ type: 'idle', slots: [1, 2] });
    router.load(1, w1.as(), { busy: true, adopted: 0 });
    expect(w1.idle).toMatchObject({ type: 'idle', slots: [2] });
    const sent = w1.messages.length;
    router.load(1, w1.as(), { busy: true, adopted: 0 });
    expect(w1.messages.length).toBe(sent);

    const s = await socket();
    router.route(1, s);
    expect(w2.sockets).toEqual([s]);
    // Busy from the moment it is sent, before worker 2 says anything; worker 1
    // learns that its hand-off has arrived (it may send more only then).
    expect(w1.idle).toEqual({ type: 'idle', slots: [], yours: 1 });
    await tick();
    expect(router.counters).toEqual({ forwarded: 1, returned: 0, closed: 0 });
    // Worker 2 took it in and has served it already: idle again.
    router.load(2, w2.as(), { busy: false, adopted: 1 });
    expect(w1.idle).toMatchObject({ type: 'idle', slots: [2] });
  });

  it('should send a socket back to the worker that accepted it when no other is idle', async () => {
    const { router, w1, w2 } = twoWorkers();
    router.load(1, w1.as(), { busy: true, adopted: 0 });
    router.load(2, w2.as(), { busy: true, adopted: 0 });
    const s = await socket();
    router.route(1, s);
    expect(w1.sockets).toEqual([s]);
    expect(w2.sockets).toEqual([]);
    await tick();
    expect(router.counters).toEqual({ forwarded: 0, returned: 1, closed: 0 });
  });

  it('should give a socket to another worker when the one it went to has died, and close it when nobody can take it', async () => {
    const { router, w1, w2 } = twoWorkers();
    router.load(1, w1.as(), { busy: true, adopted: 0 });
    w2.answer = (done) => process.nextTick(done, new Error('channel closed'));
    const s = await socket();
    router.route(1, s);
    await tick();
    expect(w2.sockets).toEqual([s]);
    expect(w1.sockets).toEqual([s]);
    expect(router.counters).toEqual({ forwarded: 0, returned: 1, closed: 0 });
    expect(s.destroyed).toBe(true);

    // Nobody left: the sender died too, and worker 2 throws.
    w1.connected = false;
    w2.answer = () => {
      throw new Error('channel closed');
    };
    const t = await socket();
    const peer = peers.at(-1)!;
    const closed = new Promise((resolve) => peer.once('close', resolve));
    router.route(1, t);
    await closed;
    expect(router.counters).toEqual({ forwarded: 0, returned: 1, closed: 1 });
    expect(t.destroyed).toBe(true);
  });

  it('should give a socket still queued for a worker that exits to another worker', async () => {
    const { router, w1, w2 } = twoWorkers();
    router.load(1, w1.as(), { busy: true, adopted: 0 });
    // Node never calls back for a handle queued on a channel that closed.
    w2.answer = () => undefined;
    const s = await socket();
    router.route(1, s);
    expect(w2.sockets).toEqual([s]);
    w2.connected = false;
    router.leave(2, w2.as());
    expect(w1.sockets).toEqual([s]);
    await tick();
    expect(router.counters).toEqual({ forwarded: 0, returned: 1, closed: 0 });
  });

  it('should stop passing sockets on once the server stops: each goes back to the worker that accepted it', async () => {
    const { router, w1, w2 } = twoWorkers();
    router.load(1, w1.as(), { busy: true, adopted: 0 });
    router.stop();
    expect(w1.idle).toMatchObject({ type: 'idle', slots: [] });
    expect(w2.idle).toMatchObject({ type: 'idle', slots: [] });
    const s = await socket();
    router.route(1, s);
    expect(w1.sockets).toEqual([s]);
    expect(w2.sockets).toEqual([]);
  });

  it('should forget a worker that exited, and ignore news from a worker it replaced', async () => {
    const { router, w1, w2 } = twoWorkers();
    router.load(1, w1.as(), { busy: true, adopted: 0 });
    router.leave(2, w2.as());
    expect(w1.idle).toMatchObject({ type: 'idle', slots: [] });
    const w2b = new FakeWorker();
    router.join(2, w2b.as());
    expect(w1.idle).toMatchObject({ type: 'idle', slots: [2] });
    router.load(2, w2.as(), { busy: true, adopted: 0 });
    router.leave(2, w2.as());
    expect(w1.idle).toMatchObject({ type: 'idle', slots: [2] });
    const s = await socket();
    router.route(1, s);
    expect(w2b.sockets).toEqual([s]);
  });
});
