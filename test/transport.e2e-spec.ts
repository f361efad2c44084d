import { readFileSync } from 'node:fs';
import { events, openClient, readLog, SIGNATURE, startServer, waitFor, type RawClient, type RunningServer } from './helpers.js';

/** Peak resident memory (VmHWM) of a process, in bytes. */
const peakRss = (pid: number) => Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) * 1024;
const MiB = 1024 * 1024;

describe('LineTransport memory per connection (built server-cluster, real sockets)', () => {
  let server: RunningServer | undefined;
  const clients: RawClient[] = [];

  afterEach(async () => {
    for (const c of clients.splice(0)) c.destroy();
    if (server) {
      readLog(server.logFile);
      await server.proc.stop('SIGKILL');
    }
    server = undefined;
  });

  it('should hold a few lines per connection, not hundreds, when clients pipeline long lines and never read', async () => {
    // One worker serves every client, so its memory is the sum over all connections. Each request takes 20 s,
    // so while the test measures, nothing is mirrored: what the worker holds is the lines it has read.
    const delayMs = 20_000;
    server = await startServer({
      app: 'server-cluster',
      sections: { cluster: { workers: 1 }, work: { delay_ms: delayMs }, session: { idle_ms: 0, max_ms: 0 } },
    });
    const worker = Number(events(readLog(server.logFile), 'WORKER_START')[0].fields.worker_pid);
    const innocent = await openClient(clients, server.port);
    const before = peakRss(worker);

    const n = 16;
    // 65,000 bytes of text and its LF: under the default 65,536-byte limit, so every line is a request.
    // The same Buffer is queued again and again: the test process holds one copy, not 400.
    const line = Buffer.from('x'.repeat(65_000) + '\n');
    for (let i = 0; i < n; i += 1) {
      const c = await openClient(clients, server.port);
      c.socket.pause();
      for (let k = 0; k < 400; k += 1) c.write(line);
    }
    innocent.write('still here\n');
    const sentAt = Date.now();
    // Every flooding client ends up throttled.
    await waitFor(
      () => events(readLog(server!.logFile), 'CLIENT_THROTTLED').length >= n || innocent.closed || undefined,
      15_000,
      () => 'not every client was throttled',
    );
    await new Promise((r) => setTimeout(r, 500));

    expect(innocent.closed).toBe(false);
    expect(events(readLog(server.logFile), 'WORKER_EXIT')).toHaveLength(0);
    const growth = peakRss(worker) - before;
    const pending = events(readLog(server.logFile), 'CLIENT_THROTTLED').map((r) => Number(r.fields.pending));
    if (process.env.SHOW_MEASUREMENTS) {
      process.stdout.write(
        `worker peak RSS grew by ${(growth / MiB).toFixed(1)} MiB; pending lines when throttled: ${pending.join(' ')}\n`,
      );
    }
    // When a connection held up to 256 pending lines, these 16 clients made the worker hold 16 x 256 x 65 KB
    // (272 MB; measured: +318 MiB). Now each holds about 5 (measured: +12 MiB).
    expect(growth).toBeLessThan(64 * MiB);
    expect(Date.now() - sentAt).toBeLessThan(delayMs);

    // The innocent client is served by the same worker.
    expect(await innocent.waitLines(1, 2 * delayMs)).toEqual([`ereh llits. ${SIGNATURE}`]);
  }, 120_000);
});
