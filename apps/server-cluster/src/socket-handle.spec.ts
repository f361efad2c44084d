import { connect, createServer, Socket, type Server } from 'node:net';
import { discard, handleOf, stopReading } from './socket-handle.js';

describe('socket-handle (the libuv handle behind a socket the hand-off passes)', () => {
  let server: Server;
  const open: Socket[] = [];

  beforeAll(async () => {
    server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });

  afterEach(() => {
    for (const socket of open.splice(0)) socket.destroy();
  });

  afterAll(() => new Promise((resolve) => server.close(resolve)));

  /** An accepted socket and its peer. */
  async function pair(): Promise<{ accepted: Socket; peer: Socket }> {
    const accepted = new Promise<Socket>((resolve) => server.once('connection', resolve));
    const peer = connect((server.address() as { port: number }).port, '127.0.0.1');
    const socket = await accepted;
    open.push(peer, socket);
    return { accepted: socket, peer };
  }

  it('should find the handle of a connected socket, and none on a socket that has none', async () => {
    const { accepted } = await pair();
    expect(handleOf(accepted)).toBeTruthy();
    expect(handleOf(new Socket())).toBeFalsy();
  });

  it('should stop the handle reading, as Node does for a socket it passes paused', async () => {
    const { accepted } = await pair();
    expect(handleOf(accepted)?.reading).toBe(true);
    stopReading(accepted);
    expect(handleOf(accepted)?.reading).toBe(false);
  });

  it('should close the socket, and the handle a failed send took off it', async () => {
    const { accepted, peer } = await pair();
    const closed = new Promise((resolve) => peer.once('close', resolve));
    const handle = handleOf(accepted);
    // As after a failed send: the socket has lost its handle, which is still
    // open; destroying the socket alone would leave the peer connected.
    (accepted as unknown as { _handle: unknown })._handle = null;
    discard(accepted, handle);
    expect(accepted.destroyed).toBe(true);
    await closed;
  });
});
