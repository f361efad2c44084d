import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  events,
  RawClient,
  readLog,
  ROOT,
  runApp,
  startServer,
  tempDir,
  waitFor,
  writeIni,
  type RunningServer,
} from './helpers.js';
import { NETNS_PREFIX, requireNetworkNamespaces } from './netns.js';

/**
 * server-cluster's balance mode (issue 16): on a Node with `listen({ reusePort })`
 * (22.12+) each worker listens on a SO_REUSEPORT socket of its own; on older
 * Nodes every worker accepts on the primary's one socket. Both branches run
 * as real assertions on whichever Node runs the tests (CI runs Node 20 and 24).
 */
const [major, minor] = process.versions.node.split('.').map(Number);
const hasReusePort = major > 23 || (major === 23 && minor >= 1) || (major === 22 && minor >= 12);
const expected = hasReusePort ? 'reuseport' : 'shared';

/** Listening TCP sockets on `port`, counted by the kernel (this network namespace's /proc/net/tcp). */
function listeners(port: number): number {
  const hex = port.toString(16).toUpperCase().padStart(4, '0');
  return readFileSync('/proc/net/tcp', 'utf8')
    .split('\n')
    .slice(1)
    .map((line) => line.trim().split(/\s+/))
    .filter((f) => f.length > 3 && f[1].endsWith(`:${hex}`) && f[3] === '0A').length;
}

const cluster = (env?: NodeJS.ProcessEnv) =>
  startServer({ app: 'server-cluster', env, sections: { cluster: { workers: 2 }, work: { delay_ms: 200 } } });

describe(`server-cluster balance on Node ${process.versions.node} (built app)`, () => {
  let server: RunningServer | undefined;
  const clients: RawClient[] = [];

  afterEach(async () => {
    for (const c of clients.splice(0)) c.destroy();
    await server?.proc.stop('SIGKILL');
    server = undefined;
  });

  it(`should say balance=${expected} and have ${hasReusePort ? 'a socket per worker' : 'one socket'}, also after a worker restarts`, async () => {
    server = await cluster();
    const start = events(readLog(server.logFile), 'SERVER_START')[0];
    expect(start.fields.balance).toBe(expected);
    const sockets = hasReusePort ? 2 : 1;
    await waitFor(
      () => events(readLog(server!.logFile), 'WORKER_START').length === 2 || undefined,
      10_000,
      () => 'workers did not start',
    );
    expect(listeners(server.port)).toBe(sockets);

    const first = events(readLog(server.logFile), 'WORKER_START').find((r) => r.fields.worker === '1')!;
    process.kill(Number(first.fields.worker_pid), 'SIGKILL');
    await waitFor(
      () => events(readLog(server!.logFile), 'WORKER_START').length === 3 || undefined,
      10_000,
      () => 'worker 1 was not restarted',
    );
    const restarted = events(readLog(server.logFile), 'WORKER_START')[2];
    expect(restarted.fields.worker).toBe('1');
    expect(Number(restarted.fields.port)).toBe(server.port);
    expect(listeners(server.port)).toBe(sockets);
    const reply = new RawClient(server.port);
    clients.push(reply);
    await reply.connected;
    reply.write('abc\n');
    await reply.waitLines(1, 10_000);
  });

  it('should use the shared socket when MIRROR_LAB_BALANCE=shared, on any Node', async () => {
    server = await cluster({ MIRROR_LAB_BALANCE: 'shared' });
    expect(events(readLog(server.logFile), 'SERVER_START')[0].fields.balance).toBe('shared');
    await waitFor(
      () => events(readLog(server!.logFile), 'WORKER_START').length === 2 || undefined,
      10_000,
      () => 'workers did not start',
    );
    expect(listeners(server.port)).toBe(1);
  });

  it('should use the shared socket for spin work unless told otherwise', async () => {
    // A worker blocked by spin work cannot accept; with a socket per worker its clients would wait while another idles.
    server = await startServer({
      app: 'server-cluster',
      sections: { cluster: { workers: 2 }, work: { mode: 'spin', delay_ms: 100 } },
    });
    expect(events(readLog(server.logFile), 'SERVER_START')[0].fields.balance).toBe('shared');
    await server.proc.stop('SIGKILL');
    server = undefined;
    if (hasReusePort) {
      server = await startServer({
        app: 'server-cluster',
        env: { MIRROR_LAB_BALANCE: 'reuseport' },
        sections: { cluster: { workers: 2 }, work: { mode: 'spin', delay_ms: 100 } },
      });
      expect(events(readLog(server.logFile), 'SERVER_START')[0].fields.balance).toBe('reuseport');
    }
  });

  it(`should ${hasReusePort ? 'honour' : 'refuse with exit code 2'} MIRROR_LAB_BALANCE=reuseport, and refuse a value it does not know`, async () => {
    const dir = tempDir();
    const config = writeIni(join(dir, 'c.ini'), {
      server: { host: '127.0.0.1', port: 0 },
      cluster: { workers: 2 },
      log: { file: join(dir, 'c.log') },
    });
    const bad = await runApp('server-cluster', ['--config', config], undefined, { MIRROR_LAB_BALANCE: 'round-robin' }).exited;
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('MIRROR_LAB_BALANCE=round-robin');
    if (hasReusePort) {
      server = await cluster({ MIRROR_LAB_BALANCE: 'reuseport' });
      expect(events(readLog(server.logFile), 'SERVER_START')[0].fields.balance).toBe('reuseport');
    } else {
      const exit = await runApp('server-cluster', ['--config', config], undefined, { MIRROR_LAB_BALANCE: 'reuseport' }).exited;
      expect(exit.code).toBe(2);
      expect(exit.stderr).toContain('needs Node 22.12 or newer');
    }
  });

  it('should refuse to start a second server-cluster on the port the first one listens on', async () => {
    server = await cluster();
    await waitFor(
      () => events(readLog(server!.logFile), 'WORKER_START').length === 2 || undefined,
      10_000,
      () => 'workers did not start',
    );
    const dir = tempDir();
    const config = writeIni(join(dir, 'c.ini'), {
      server: { host: '127.0.0.1', port: server.port },
      cluster: { workers: 2 },
      log: { file: join(dir, 'c.log') },
    });
    // With SO_REUSEPORT on both, the kernel would let the second one's workers join the first one's sockets.
    const exit = await runApp('server-cluster', ['--config', config]).exited;
    expect(exit.code).toBe(1);
    expect(exit.stderr).toContain('the port is already in use');
    expect(listeners(server.port)).toBe(hasReusePort ? 2 : 1);
  });

  it('should serve 4 clients at once with both idle workers in most of 20 tries', async () => {
    server = await cluster();
    await waitFor(
      () => events(readLog(server!.logFile), 'WORKER_START').length === 2 || undefined,
      10_000,
      () => 'workers did not start',
    );
    const tries = 20;
    let both = 0;
    for (let t = 0; t < tries; t += 1) {
      const seen = events(readLog(server.logFile), 'CLIENT_CONNECTED').length;
      const four = [0, 1, 2, 3].map(() => new RawClient(server!.port));
      clients.push(...four);
      await Promise.all(four.map((c) => c.connected));
      for (const c of four) c.write('abc\n');
      await Promise.all(four.map((c) => c.waitLines(1, 10_000)));
      const served = events(readLog(server.logFile), 'CLIENT_CONNECTED').slice(seen);
      expect(served).toHaveLength(4);
      if (new Set(served.map((r) => r.fields.worker)).size === 2) both += 1;
      for (const c of four) c.destroy();
    }
    // SO_REUSEPORT hashes each connection to a socket: 4 land on one of 2 in 1/8 of tries (17.5 of 20 expected
    // both); the shared socket does about as well on an idle machine. Each worker must take its share.
    expect(both).toBeGreaterThanOrEqual(12);
  });

  /**
   * A worker that dies while clients wait in its accept queue (it spins on a
   * request, so it accepts nothing): with SO_REUSEPORT that queue is its own,
   * and Linux resets what is in it unless net.ipv4.tcp_migrate_req moves it
   * to another worker's socket; with the shared socket another worker takes
   * them. Run in a network namespace of its own, where the sysctl can be set
   * without touching the machine's.
   */
  it('should lose no waiting client when a worker dies, except from its own queue with reuseport and tcp_migrate_req=0', () => {
    requireNetworkNamespaces();
    const ns = `${NETNS_PREFIX}rp-${randomBytes(3).toString('hex')}`;
    // The fixture runs spin work, where reuseport must be asked for.
    const env = { ...process.env, MIRROR_LAB_BALANCE: expected };
    const run = (migrate: 0 | 1): Record<string, string | number> => {
      execFileSync('ip', ['netns', 'exec', ns, 'sysctl', '-qw', `net.ipv4.tcp_migrate_req=${migrate}`]);
      const out = execFileSync(
        'ip',
        [
          'netns',
          'exec',
          ns,
          process.execPath,
          join(ROOT, 'test/fixtures/worker-death.mjs'),
          join(ROOT, 'dist/apps/server-cluster/main.js'),
          tempDir(),
        ],
        { encoding: 'utf8', timeout: 120_000, env },
      );
      return JSON.parse(out.trim().split('\n').pop()!);
    };
    execFileSync('ip', ['netns', 'add', ns]);
    try {
      execFileSync('ip', ['-n', ns, 'link', 'set', 'lo', 'up']);
      const unmigrated = run(0);
      const migrated = run(1);
      expect(unmigrated.balance).toBe(expected);
      expect(migrated).toEqual({ balance: expected, reply: 12 });
      if (hasReusePort) {
        // The limitation docs/servers.md documents: about half of the 12 hash to the dead worker's socket.
        expect(unmigrated.ECONNRESET).toBeGreaterThan(0);
        expect((unmigrated.reply as number) + (unmigrated.ECONNRESET as number)).toBe(12);
      } else {
        expect(unmigrated).toEqual({ balance: 'shared', reply: 12 });
      }
    } finally {
      execFileSync('ip', ['netns', 'del', ns]);
    }
  }, 200_000);
});
