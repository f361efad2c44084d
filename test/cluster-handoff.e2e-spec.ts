import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { events, RawClient, readLog, SIGNATURE, startServer, tempDir, waitFor, type RunningServer } from './helpers.js';
import type { LogRecord } from '../libs/common/src/log/log-line.js';

/**
 * server-cluster's connection hand-off (apps/server-cluster/src/worker-handoff.ts, handoff-router.ts):
 * a worker that accepts a connection while it serves another passes it on to
 * an idle worker through the primary. Every balance mode this Node offers
 * (reuseport needs 22.12+; CI runs Node 20 and 24).
 */
const [major, minor] = process.versions.node.split('.').map(Number);
const hasReusePort = major > 23 || (major === 23 && minor >= 1) || (major === 22 && minor >= 12);
const modes = hasReusePort ? ['shared', 'reuseport'] : ['shared'];

const reply = (line: string) => `${[...line].reverse().join('')}. ${SIGNATURE}`;
const portOf = (r: LogRecord) => Number(r.fields.peer?.split(':').pop());

/** Every connection of `ports` has its whole story in the log: connected once, each line received and answered, disconnected once, all by one worker. */
function expectComplete(log: LogRecord[], ports: number[], lines: number): void {
  for (const port of ports) {
    const mine = log.filter((r) => r.fields.peer !== undefined && portOf(r) === port);
    const count = (event: string) => mine.filter((r) => r.event === event).length;
    expect({ port, connected: count('CLIENT_CONNECTED'), received: count('MESSAGE_RECEIVED') }).toEqual({
      port,
      connected: 1,
      received: lines,
    });
    expect({ port, sent: count('MESSAGE_SENT'), disconnected: count('CLIENT_DISCONNECTED') }).toEqual({
      port,
      sent: lines,
      disconnected: 1,
    });
    expect({ port, workers: new Set(mine.map((r) => r.fields.worker)).size }).toEqual({ port, workers: 1 });
  }
}

describe(`server-cluster connection hand-off on Node ${process.versions.node} (built app)`, () => {
  let server: RunningServer | undefined;
  const clients: RawClient[] = [];

  afterEach(async () => {
    for (const c of clients.splice(0)) c.destroy();
    await server?.proc.stop('SIGKILL');
    server = undefined;
  });

  const start = (balance: string, delay: number) =>
    startServer({
      app: 'server-cluster',
      env: { MIRROR_LAB_BALANCE: balance },
      sections: { cluster: { workers: 2 }, work: { delay_ms: delay, mode: 'sleep' } },
    }).then(async (s) => {
      server = s;
      await waitFor(
        () => events(readLog(s.logFile, true), 'WORKER_START').length === 2 || undefined,
        10_000,
        () => 'workers did not start',
      );
      return s;
    });

  /** Stops the server with SIGTERM (so the primary writes its counters) and reads them. */
  async function stopAndCount(s: RunningServer, stats: string): Promise<{ forwarded: number; returned: number; closed: number }> {
    await s.proc.stop('SIGTERM');
    return JSON.parse(readFileSync(stats, 'utf8')) as { forwarded: number; returned: number; closed: number };
  }

  for (const balance of modes) {
    it(`should let both workers serve 4 clients that connect at once, in every one of 15 tries (balance=${balance})`, async () => {
      const s = await start(balance, 300);
      const tries: number[][] = [];
      for (let t = 0; t < 15; t += 1) {
        const batch = Array.from({ length: 4 }, () => new RawClient(s.port));
        clients.push(...batch);
        // Each writes its line at once: the bytes are there before any hand-off.
        batch.forEach((c, i) => c.write(`try ${t} client ${i}\n`));
        await Promise.all(batch.map((c) => c.connected));
        const ports = batch.map((c) => c.localPort);
        tries.push(ports);
        await Promise.all(batch.map((c) => c.waitLines(1)));
        expect(batch.map((c) => c.lines[0])).toEqual(batch.map((_, i) => reply(`try ${t} client ${i}`)));
        for (const c of batch) c.destroy();
        // Both workers idle again, and told so, before the next try (the news
        // is two IPC messages; 150 ms leaves room on a loaded machine).
        await waitFor(
          () => {
            const gone = new Set(events(readLog(s.logFile), 'CLIENT_DISCONNECTED').map(portOf));
            return ports.every((p) => gone.has(p)) || undefined;
          },
          10_000,
          () => `try ${t}: not every client disconnected`,
        );
        await new Promise((r) => setTimeout(r, 150));
      }
      const log = readLog(s.logFile);
      const workerOf = new Map(events(log, 'CLIENT_CONNECTED').map((r) => [portOf(r), r.fields.worker]));
      const splits = tries.map((ports) =>
        ports
          .map((p) => workerOf.get(p))
          .sort()
          .join(''),
      );
      // Each try, 2 distinct workers among the 4 clients.
      expect(splits.filter((split) => new Set(split).size !== 2)).toEqual([]);
      expectComplete(log, tries.flat(), 1);
    });

    it(`should pass a connection from a busy worker to the idle one with the lines the client sent at connect (balance=${balance})`, async () => {
      const stats = join(tempDir(), 'handoff.json');
      server = await startServer({
        app: 'server-cluster',
        env: { MIRROR_LAB_BALANCE: balance, MIRROR_LAB_HANDOFF_STATS: stats },
        sections: { cluster: { workers: 2 }, work: { delay_ms: 50, mode: 'sleep' } },
      });
      const s = server;
      await waitFor(
        () => events(readLog(s.logFile, true), 'WORKER_START').length === 2 || undefined,
        10_000,
        () => 'workers did not start',
      );
      // One client holds a worker busy for the whole test.
      const holder = new RawClient(s.port);
      clients.push(holder);
      await holder.connected;
      const busy = await waitFor(
        () => events(readLog(s.logFile, true), 'CLIENT_CONNECTED').find((r) => portOf(r) === holder.localPort)?.fields.worker,
        10_000,
        () => 'the first client was not served',
      );
      await new Promise((r) => setTimeout(r, 150));
      // One at a time, so the other worker is idle whenever one connects:
      // each writes three lines before its connection is even accepted.
      const ports: number[] = [];
      for (let i = 0; i < 12; i += 1) {
        const c = new RawClient(s.port);
        clients.push(c);
        const lines = [`client ${i} line 1`, `client ${i} line 2`, 'x'.repeat(2000 + i)];
        c.write(lines.map((l) => `${l}\n`).join(''));
        await c.connected;
        ports.push(c.localPort);
        expect(await c.waitLines(3)).toEqual(lines.map(reply));
        c.destroy();
        await waitFor(
          () => events(readLog(s.logFile, true), 'CLIENT_DISCONNECTED').some((r) => portOf(r) === c.localPort) || undefined,
          10_000,
          () => `client ${i} did not disconnect`,
        );
        await new Promise((r) => setTimeout(r, 150));
      }
      const log = readLog(s.logFile);
      const served = events(log, 'CLIENT_CONNECTED').filter((r) => ports.includes(portOf(r)));
      // Every one of them by the idle worker, whichever worker accepted it.
      expect(served.map((r) => r.fields.worker).filter((w) => w === busy)).toEqual([]);
      expectComplete(log, ports, 3);
      holder.destroy();
      const counters = await stopAndCount(s, stats);
      server = undefined;
      expect(counters.closed).toBe(0);
      // In shared mode the idle worker usually wins the accept itself; with reuseport the kernel sends about half to the busy one.
      if (balance === 'reuseport') expect(counters.forwarded).toBeGreaterThan(0);
    });
  }
});
