import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import {
  events,
  openClient,
  RawClient,
  readLog,
  runApp,
  serverConfig,
  serverSuite,
  SIGNATURE,
  waitFor,
  waitForEvents,
  type IniSections,
  type RunningServer,
} from './helpers.js';

/**
 * Opens connections one after another until every worker serves at least
 * `perWorker` of them (at least `min` in all, at most `max`). Workers accept
 * for themselves, so connections opened at the same instant may all land on
 * one worker; tests that need every worker busy make sure of it this way.
 */
async function spreadOver(
  server: RunningServer,
  workers: number,
  perWorker: number,
  clients: RawClient[],
  min = 0,
  max = 400,
): Promise<RawClient[]> {
  const opened: RawClient[] = [];
  const served = () => {
    const counts = new Map<string, number>();
    for (const r of events(readLog(server.logFile), 'CLIENT_CONNECTED'))
      counts.set(r.fields.worker, (counts.get(r.fields.worker) ?? 0) + 1);
    return counts;
  };
  while (opened.length < max) {
    opened.push(await openClient(clients, server.port));
    await new Promise((r) => setTimeout(r, 5));
    if (opened.length < Math.max(min, workers * perWorker)) continue;
    const counts = served();
    if (counts.size === workers && [...counts.values()].every((n) => n >= perWorker)) return opened;
  }
  throw new Error(
    `${max} connections did not reach ${perWorker} on each of ${workers} workers: ${JSON.stringify([...served()])}`,
  );
}

/** Opens `n` connections, sends one line on each, resolves with each client's time to reply. */
async function burst(port: number, n: number, clients: RawClient[], staggerMs = 0): Promise<number[]> {
  const started = performance.now();
  const opened: RawClient[] = [];
  for (let i = 0; i < n; i += 1) {
    if (staggerMs > 0 && i > 0) await new Promise((r) => setTimeout(r, staggerMs));
    const c = new RawClient(port);
    opened.push(c);
    clients.push(c);
    if (staggerMs > 0) void c.connected.then(() => c.write(`client ${i}\n`));
  }
  if (staggerMs === 0) {
    await Promise.all(opened.map((c) => c.connected));
    for (const [i, c] of opened.entries()) c.write(`client ${i}\n`);
  }
  return Promise.all(opened.map((c) => c.waitLines(1, 30_000).then(() => performance.now() - started)));
}

describe('server-cluster (built app, real processes)', () => {
  const { start, clients } = serverSuite();
  const cluster = (sections: IniSections) => start({ app: 'server-cluster', sections });

  it('should serve 20 simultaneous clients within 2x the sleep delay', async () => {
    const delay = 1000;
    const server = await cluster({ work: { delay_ms: delay, mode: 'sleep' }, cluster: { workers: 2 } });
    const times = await burst(server.port, 20, clients);
    expect(Math.max(...times)).toBeLessThan(2 * delay);
    expect(clients.map((c) => c.lines[0])).toEqual(
      clients.map((_, i) => `${[...`client ${i}`].reverse().join('')}. ${SIGNATURE}`),
    );
  });

  it('should run at most `workers` spin requests at once', async () => {
    const delay = 400;
    const server = await cluster({ work: { delay_ms: delay, mode: 'spin' }, cluster: { workers: 2 } });
    const [single] = await burst(server.port, 1, clients);
    // Four CPU-bound requests 30 ms apart. Workers accept for themselves, and
    // one that is spinning cannot accept, so the second client goes to the
    // other worker (at the same instant, idle workers may split 4 / 0). Two
    // workers: the last reply after two or three rounds, 2.1-3.0x one
    // request; one worker would need four rounds (4x), full concurrency
    // about 1.2x.
    const four = Math.max(...(await burst(server.port, 4, clients, 30)));
    expect(four / single).toBeGreaterThan(1.5);
    expect(four / single).toBeLessThan(3.5);
  });

  it('should keep serving when a worker is killed under load, restart it, and keep the log whole', async () => {
    const server = await cluster({ work: { delay_ms: 200 }, cluster: { workers: 2 } });
    const starts = events(readLog(server.logFile), 'WORKER_START');
    const victim = starts[0];
    // Load: at least 10 clients, some on each worker, each sending lines one after another.
    const load = await spreadOver(server, 2, 1, clients, 10);
    const pump = setInterval(() => load.forEach((c) => !c.closed && c.write('load\n')), 100);
    await new Promise((r) => setTimeout(r, 500));
    process.kill(Number(victim.fields.worker_pid), 'SIGKILL');
    await new Promise((r) => setTimeout(r, 600));
    clearInterval(pump);

    const killed = load.filter((c) => c.closed);
    const survivors = load.filter((c) => !c.closed);
    expect(killed.length).toBeGreaterThan(0);
    expect(survivors.length).toBeGreaterThan(0);
    // Survivors keep getting replies after the kill.
    const before = survivors.map((c) => c.lines.length);
    survivors.forEach((c) => c.write('after\n'));
    await Promise.all(survivors.map((c, i) => c.waitLines(before[i] + 1)));

    // The slot comes back with a new process, and serves.
    const log = await waitForEvents(server.logFile, 'WORKER_START', 3);
    const exit = events(log, 'WORKER_EXIT')[0];
    expect(exit.fields).toMatchObject({ worker: victim.fields.worker, worker_pid: victim.fields.worker_pid, signal: 'SIGKILL' });
    const restarted = events(log, 'WORKER_START')[2];
    expect(restarted.fields.worker).toBe(victim.fields.worker);
    expect(restarted.fields.worker_pid).not.toBe(victim.fields.worker_pid);
    expect(await burst(server.port, 4, clients)).toHaveLength(4);

    // Whole log: every line parsed (readLog), and no reply a client saw is missing from it.
    for (const c of clients) c.socket.end();
    const stop = await server.proc.stop('SIGTERM');
    expect(stop.code).toBe(0);
    const final = readLog(server.logFile);
    const received = clients.reduce((n, c) => n + c.lines.length, 0);
    expect(events(final, 'MESSAGE_SENT').length).toBeGreaterThanOrEqual(received);
    const survivorPorts = new Set(survivors.map((c) => `127.0.0.1:${c.localPort}`));
    const sentToSurvivors = events(final, 'MESSAGE_SENT').filter((r) => survivorPorts.has(r.fields.peer)).length;
    expect(sentToSurvivors).toBe(survivors.reduce((n, c) => n + c.lines.length, 0));
  });

  it('should start its workers with the young-generation ceiling, unless NODE_OPTIONS sets one', async () => {
    const flagsOf = (pid: string) => readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    const workerFlags = async (server: RunningServer) => {
      const starts = (await waitForEvents(server.logFile, 'WORKER_START', 2)).filter((r) => r.event === 'WORKER_START');
      return starts.map((r) => flagsOf(r.fields.worker_pid));
    };
    const server = await cluster({ cluster: { workers: 2 } });
    for (const flags of await workerFlags(server)) expect(flags).toContain('--max-semi-space-size=16');
    expect(flagsOf(String(server.proc.child.pid))).not.toContain('--max-semi-space-size=16');
    await server.proc.stop('SIGTERM');

    const told = await start({
      app: 'server-cluster',
      sections: { cluster: { workers: 2 } },
      env: { ...process.env, NODE_OPTIONS: '--max-semi-space-size=32' },
    });
    for (const flags of await workerFlags(told)) expect(flags.some((f) => f.includes('semi-space'))).toBe(false);
  });

  it('should deliver replies in progress on SIGTERM, log SERVER_STOP last and exit 0', async () => {
    const server = await cluster({ work: { delay_ms: 800 }, cluster: { workers: 2 } });
    const replies = burst(server.port, 4, clients);
    await new Promise((r) => setTimeout(r, 250));
    const exit = server.proc.stop('SIGTERM');
    expect(await replies).toHaveLength(4);
    expect((await exit).code).toBe(0);
    const log = readLog(server.logFile);
    expect(log.at(-1)?.event).toBe('SERVER_STOP');
    expect(events(log, 'WORKER_EXIT').map((r) => r.fields.code)).toEqual(['0', '0']);
    expect(events(log, 'MESSAGE_SENT')).toHaveLength(4);
    expect(
      log.filter((r) => r.event !== 'SERVER_START' && r.event !== 'SERVER_STOP').every((r) => r.fields.worker !== undefined),
    ).toBe(true);
  });

  it('should give up with one readable line, not a fork loop, when its port is in use', async () => {
    const busy: Server = await new Promise((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => resolve(s));
    });
    try {
      const port = (busy.address() as { port: number }).port;
      const { config, logFile } = serverConfig('server-cluster', { server: { port }, cluster: { workers: 2 } });
      const exit = await runApp('server-cluster', ['--config', config]).exited;
      expect(exit.code).toBe(1);
      // Once, as one line: not again by each worker, nor through Nest's logger.
      expect(exit.stderr).toBe(
        `server-cluster: cannot listen on 127.0.0.1:${port}: the port is already in use (is another server running? stop it, or set server.port to another port or to 0)\n`,
      );
      expect(events(readLog(logFile), 'WORKER_EXIT').length).toBeLessThanOrEqual(2);
    } finally {
      busy.close();
    }
  });

  it('should write one whole log from 4 workers logging 10,000 events each', async () => {
    const server = await cluster({ work: { delay_ms: 0 }, cluster: { workers: 4 }, session: { idle_ms: 0, max_ms: 0 } });
    // At least 4 connections on each worker x 10 rounds of 130 pipelined lines:
    // each line is MESSAGE_RECEIVED + MESSAGE_SENT, so >= 10,000 events per worker.
    const perConnection = 130;
    const load = await spreadOver(server, 4, 4, clients);
    const connections = load.length;
    for (let round = 0; round < 10; round += 1) {
      for (const c of load) c.write('Титов Юрий Павлович\n'.repeat(perConnection));
      await Promise.all(load.map((c) => c.waitLines(perConnection * (round + 1), 60_000)));
    }
    for (const c of load) c.socket.end();
    await waitFor(
      () => load.every((c) => c.closed) || undefined,
      10_000,
      () => 'clients not closed',
    );
    expect((await server.proc.stop('SIGTERM')).code).toBe(0);

    const log = readLog(server.logFile); // throws on any torn or interleaved line
    const sent = events(log, 'MESSAGE_SENT');
    expect(sent).toHaveLength(connections * perConnection * 10);
    expect(events(log, 'MESSAGE_RECEIVED')).toHaveLength(connections * perConnection * 10);
    const perWorker = new Map<string, number>();
    for (const r of log) if (r.fields.worker !== '0') perWorker.set(r.fields.worker, (perWorker.get(r.fields.worker) ?? 0) + 1);
    expect([...perWorker.keys()].sort()).toEqual(['1', '2', '3', '4']);
    for (const count of perWorker.values()) expect(count).toBeGreaterThanOrEqual(10_000);
    expect(sent.every((r) => r.fields.msg === `Чиволвап Йирю Вотит. ${SIGNATURE}`)).toBe(true);
  });
});
