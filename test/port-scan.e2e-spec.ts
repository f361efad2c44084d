import { connect } from 'node:net';
import { events, openClient, RawClient, readLog, SIGNATURE, startServer, type RunningServer } from './helpers.js';

const SCANS = 100;

/** Connects and resets at once (RST, as SO_LINGER 0 does), like a port scanner; resolves when done. */
function connectAndReset(port: number): Promise<void> {
  return new Promise((done) => {
    const socket = connect({ port, host: '127.0.0.1' });
    socket.on('error', () => done());
    socket.on('connect', () => {
      socket.resetAndDestroy();
      done();
    });
  });
}

describe('a port scan (connect and reset, 100 times)', () => {
  let server: RunningServer | undefined;
  const clients: RawClient[] = [];

  afterEach(async () => {
    for (const c of clients.splice(0)) c.destroy();
    await server?.proc.stop('SIGTERM');
    server = undefined;
  });

  it.each([
    ['server-sync', {}],
    ['server-cluster', { cluster: { workers: 1 } }],
    ['server-threads', { threads: { count: 1 } }],
  ] as const)('should leave no line without its peer on %s, and keep serving', async (app, sections) => {
    server = await startServer({ app, sections: { work: { delay_ms: 0 }, ...sections } });
    for (let i = 0; i < SCANS; i += 1) await connectAndReset(server.port);
    const c = await openClient(clients, server.port);
    c.write('abc\n');
    expect(await c.waitLines(1)).toEqual([`cba. ${SIGNATURE}`]);
    c.destroy();
    // The summary of resets is written within a second; SIGTERM writes what is left.
    await new Promise((r) => setTimeout(r, 1500));
    expect((await server.proc.stop('SIGTERM')).code).toBe(0);
    const log = readLog(server.logFile);
    const raw = log.map((r) => `${r.event} ${JSON.stringify(r.fields)}`);
    expect(raw.filter((line) => line.includes('unknown'))).toEqual([]);
    for (const r of log.filter((r) => r.event.startsWith('CLIENT_') || r.event.startsWith('MESSAGE_'))) {
      expect(r.fields.peer).toMatch(/^127\.0\.0\.1:[1-9]\d*$/);
    }
    // Every scan is accounted for: either accepted with its address, or counted as reset before.
    const named = new Set(events(log, 'CLIENT_DISCONNECTED').map((r) => r.fields.peer));
    const resets = events(log, 'CONNECTIONS_RESET');
    const counted = resets.reduce((n, r) => n + Number(r.fields.count), 0);
    expect(named.size + counted).toBe(SCANS + 1);
    expect(resets.length).toBeLessThanOrEqual(5);
  });
});
