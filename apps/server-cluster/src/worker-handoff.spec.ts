import { EventEmitter } from 'node:events';
import { connect, createServer, Socket } from 'node:net';
import type { PrimaryMessage, WorkerMessage } from './cluster.messages.js';
import { WorkerHandoff, type HandoffChannel, type HandoffTarget } from './worker-handoff.js';

type Done = (error: Error | null) => void;

/** A stand-in for the worker's IPC channel: records what is sent; `answer` decides how a send with a socket ends. */
class FakeChannel extends EventEmitter implements HandoffChannel {
  connected = true;
  readonly told: WorkerMessage[] = [];
  readonly passed: Socket[] = [];
  answer: (done: Done) => void = (done) => done(null);

  send(message: WorkerMessage, handle: Socket | undefined, _options: object, done: Done): boolean {
    if (handle) {
      this.passed.push(handle);
      this.answer(done);
    } else {
      this.told.push(message);
      done(null);
    }
    return true;
  }

  /** A message from the primary, as Node delivers it. */
  hear(message: PrimaryMessage, handle?: unknown): void {
    this.emit('message', message, handle);
  }
}

/** The worker's transport, as far as the hand-off sees it. */
class FakeTarget implements HandoffTarget {
  readonly adopted: Socket[] = [];
  openConnections = 0;

  adopt(socket: Socket): void {
    this.adopted.push(socket);
    this.openConnections += 1;
  }
}

describe(WorkerHandoff.name, () => {
  function worker(slot = 1, enabled = true) {
    const channel = new FakeChannel();
    const target = new FakeTarget();
    const handoff = new WorkerHandoff(slot, enabled, channel);
    handoff.attach(target);
    return { channel, target, handoff };
  }

  it('should pass nothing on before the primary has named an idle worker, nor a first connection', () => {
    const { channel, handoff } = worker();
    expect(handoff.divert(new Socket(), 1)).toBe(false);
    channel.hear({ type: 'idle', slots: [1, 2], yours: 0 });
    // Its first connection a worker serves itself, whoever is idle.
    expect(handoff.divert(new Socket(), 0)).toBe(false);
    expect(channel.passed).toEqual([]);
  });

  it('should pass one connection per other idle worker, then serve the rest itself', () => {
    const { channel, handoff } = worker(1);
    channel.hear({ type: 'idle', slots: [1, 2, 3], yours: 0 });
    const [a, b, c] = [new Socket(), new Socket(), new Socket()];
    expect([handoff.divert(a, 1), handoff.divert(b, 2), handoff.divert(c, 3)]).toEqual([true, true, false]);
    expect(channel.passed).toEqual([a, b]);
  });

  it('should count the connections it sent that the primary had not received when it named the idle workers', () => {
    const { channel, handoff } = worker(1);
    channel.hear({ type: 'idle', slots: [2, 3], yours: 0 });
    expect(handoff.divert(new Socket(), 1)).toBe(true);
    // Written before our socket arrived: one of those two may be taking it.
    channel.hear({ type: 'idle', slots: [2, 3], yours: 0 });
    expect(handoff.divert(new Socket(), 1)).toBe(true);
    expect(handoff.divert(new Socket(), 1)).toBe(false);
    // Both arrived: two idle workers, two connections may go.
    channel.hear({ type: 'idle', slots: [2, 3], yours: 2 });
    expect([handoff.divert(new Socket(), 1), handoff.divert(new Socket(), 1), handoff.divert(new Socket(), 1)]).toEqual([
      true,
      true,
      false,
    ]);
  });

  it('should serve a connection itself when the primary did not get it, or close it when it is no longer whole', async () => {
    const { channel, target, handoff } = worker(1);
    channel.hear({ type: 'idle', slots: [2, 3], yours: 0 });
    channel.answer = (done) => done(new Error('channel closed'));
    // A real accepted socket, still whole: served here.
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const accepted = new Promise<Socket>((resolve) => server.once('connection', resolve));
    const peer = connect((server.address() as { port: number }).port, '127.0.0.1');
    const whole = await accepted;
    expect(handoff.divert(whole, 1)).toBe(true);
    expect(target.adopted).toEqual([whole]);
    whole.destroy();
    peer.destroy();
    await new Promise((resolve) => server.close(resolve));
    // Not connected: no handle, so it cannot be served, only closed.
    const loose = new Socket();
    expect(handoff.divert(loose, 1)).toBe(true);
    expect(target.adopted).toEqual([whole]);
    expect(loose.destroyed).toBe(true);
  });

  it('should serve what the primary hands in, and tell the primary it took it and whether it is busy', () => {
    const { channel, target } = worker(2);
    const socket = new Socket();
    channel.hear({ type: 'handoff' }, socket);
    expect(target.adopted).toEqual([socket]);
    expect(channel.told).toEqual([{ type: 'load', busy: true, adopted: 1 }]);
    // A message without a socket, or with anything else, is no hand-off.
    channel.hear({ type: 'handoff' }, { fd: 3 });
    expect(target.adopted).toHaveLength(1);
  });

  it('should report its load only when told, once per change, and not twice while it adopts', () => {
    const { channel, target, handoff } = worker(2);
    handoff.busy(true);
    handoff.busy(false);
    expect(channel.told).toEqual([
      { type: 'load', busy: true, adopted: 0 },
      { type: 'load', busy: false, adopted: 0 },
    ]);
    // The transport reports 0 -> 1 from inside adopt(); the hand-off reports once after it, with the count.
    target.adopt = function (socket: Socket) {
      FakeTarget.prototype.adopt.call(this, socket);
      handoff.busy(true);
    };
    channel.hear({ type: 'handoff' }, new Socket());
    expect(channel.told.slice(2)).toEqual([{ type: 'load', busy: true, adopted: 1 }]);
  });

  it('should pass nothing on once stopped, when turned off, or when the channel is gone', () => {
    const stopped = worker(1);
    stopped.channel.hear({ type: 'idle', slots: [2], yours: 0 });
    stopped.handoff.stop();
    expect(stopped.handoff.divert(new Socket(), 1)).toBe(false);

    const off = worker(1, false);
    off.channel.hear({ type: 'idle', slots: [2], yours: 0 });
    expect(off.handoff.divert(new Socket(), 1)).toBe(false);

    const gone = worker(1);
    gone.channel.hear({ type: 'idle', slots: [2], yours: 0 });
    gone.channel.connected = false;
    expect(gone.handoff.divert(new Socket(), 1)).toBe(false);
    expect([...stopped.channel.passed, ...off.channel.passed, ...gone.channel.passed]).toEqual([]);
  });
});
