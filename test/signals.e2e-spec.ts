import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import {
  events,
  gone,
  readLog,
  runApp,
  serverConfig,
  serverSuite,
  servingSections,
  SIGNATURE,
  waitFor,
  waitForEvents,
  workerPids,
  type IniSections,
} from './helpers.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Whether a new listener can bind the port now. */
function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen({ host: '127.0.0.1', port }, () => probe.close(() => resolve(true)));
  });
}

describe('shutdown signals and process lifecycle (built apps)', () => {
  // Workers left behind by a test that failed go in `orphans`: ours, by pid.
  const { start, open, inProgress, orphans } = serverSuite();

  it.each(['server-sync', 'server-cluster', 'client', 'lab'] as const)(
    'should print the version of %s with --version',
    async (app) => {
      const exit = await runApp(app, ['--version']).exited;
      expect(exit.code).toBe(0);
      expect(exit.stdout).toMatch(new RegExp(`^${app} \\d+\\.\\d+\\.\\d+\\n$`));
    },
  );

  it.each(['server-sync', 'server-cluster'] as const)(
    'should keep serving and stop cleanly when the reader of its stdout goes away (%s)',
    async (app) => {
      const server = await start({ app, sections: { work: { delay_ms: 0 }, ...servingSections(app, 1) } });
      // Like `| head -n 1` exiting: the pipe's read end closes, the next console write gets EPIPE.
      server.proc.child.stdout!.destroy();
      for (let i = 0; i < 3; i += 1) {
        const c = await open(server);
        c.write('abc\n');
        expect(await c.waitLines(1)).toEqual([`cba. ${SIGNATURE}`]);
        c.destroy();
      }
      const exit = await server.proc.stop('SIGTERM');
      expect(exit.code).toBe(0);
      expect(exit.stderr).not.toContain('EPIPE');
      expect(readLog(server.logFile).at(-1)?.event).toBe('SERVER_STOP');
    },
  );

  it.each([
    ['server-sync', { work: { delay_ms: 4000 }, shutdown: { grace_ms: 10_000 } }],
    ['server-cluster', { work: { delay_ms: 4000 }, shutdown: { grace_ms: 10_000 }, cluster: { workers: 1 } }],
  ] as const)('should cut the drain short on a second signal, log it all and exit 130 (%s)', async (app, sections) => {
    const server = await start({ app, sections: sections as IniSections });
    const c = await inProgress(server);
    const started = performance.now();
    server.proc.child.kill('SIGTERM');
    await sleep(300);
    server.proc.child.kill('SIGINT');
    const exit = await server.proc.exited;
    const took = performance.now() - started;
    expect(exit.code).toBe(130);
    expect(took).toBeLessThan(3000); // not the 4 s of work, nor the 10 s of grace
    await c.waitClosed();
    expect(c.lines).toEqual([]);
    const log = readLog(server.logFile);
    expect(events(log, 'CLIENT_DISCONNECTED').map((r) => r.fields.reason)).toEqual(['server-shutdown']);
    expect(log.at(-1)?.event).toBe('SERVER_STOP');
    expect(log.at(-1)?.fields.forced).toBe('true');
    if (app === 'server-cluster') expect(events(log, 'WORKER_EXIT')).toHaveLength(1);
  });

  it.each(['server-sync', 'server-cluster'] as const)(
    'should treat SIGHUP as SIGTERM: drain, SERVER_STOP, exit 0 (%s)',
    async (app) => {
      const server = await start({ app, sections: { work: { delay_ms: 500 }, ...servingSections(app, 1) } });
      const c = await inProgress(server);
      const exit = server.proc.stop('SIGHUP');
      expect(await c.waitLines(1)).toEqual([`cba. ${SIGNATURE}`]);
      expect((await exit).code).toBe(0);
      const stop = readLog(server.logFile).at(-1);
      expect(stop?.event).toBe('SERVER_STOP');
      expect(stop?.fields.signal).toBe('SIGHUP');
    },
  );

  it('should honour the grace time in server-sync spin mode (20 s spin, grace 1 s)', async () => {
    const server = await start({ sections: { work: { delay_ms: 20_000, mode: 'spin' }, shutdown: { grace_ms: 1000 } } });
    await inProgress(server);
    await sleep(200);
    const started = performance.now();
    const exit = await server.proc.stop('SIGTERM');
    const took = performance.now() - started;
    expect(exit.code).toBe(0);
    expect(took).toBeGreaterThan(900);
    expect(took).toBeLessThan(4000);
    const log = readLog(server.logFile);
    expect(events(log, 'MESSAGE_SENT')).toHaveLength(0);
    expect(events(log, 'CLIENT_DISCONNECTED').map((r) => r.fields.reason)).toEqual(['server-shutdown']);
    expect(log.at(-1)?.event).toBe('SERVER_STOP');
  });

  it('should stop cleanly on a SIGTERM during server-cluster start-up', async () => {
    const { config, logFile } = serverConfig('server-cluster', { cluster: { workers: 2 } });
    const proc = runApp('server-cluster', ['--config', config]);
    // The log file exists once the primary has its signal handlers, well before its workers listen.
    await waitFor(
      () => existsSync(logFile) || undefined,
      10_000,
      () => 'no log file',
    );
    proc.child.kill('SIGTERM');
    const exit = await proc.exited;
    expect(exit.signal).toBeNull();
    expect(exit.code).toBe(0);
    const log = readLog(logFile);
    expect(log.at(-1)?.event).toBe('SERVER_STOP');
    expect(events(log, 'SERVER_START')).toHaveLength(1);
  });

  it('should stop a worker that is being restarted when SIGTERM comes, not kill it after the grace time', async () => {
    const server = await start({
      app: 'server-cluster',
      sections: { work: { delay_ms: 0 }, cluster: { workers: 2 }, shutdown: { grace_ms: 5000 } },
    });
    const [first] = workerPids(server);
    process.kill(first, 'SIGKILL');
    // The restart is forked after a 100 ms back-off; SIGTERM comes while it starts.
    await waitForEvents(server.logFile, 'WORKER_EXIT');
    await sleep(300);
    const started = performance.now();
    const exit = await server.proc.stop('SIGTERM');
    const took = performance.now() - started;
    expect(exit.code).toBe(0);
    const log = readLog(server.logFile);
    const exits = events(log, 'WORKER_EXIT');
    // The killed one, then every worker stopping by itself (none killed after the grace time).
    expect(exits[0].fields.signal).toBe('SIGKILL');
    expect(exits.slice(1).map((r) => r.fields.code)).toEqual(['0', '0']);
    expect(took).toBeLessThan(5000);
    expect(log.at(-1)?.event).toBe('SERVER_STOP');
  });

  it('should restart workers on the port it printed when server.port = 0 and every worker is killed', async () => {
    const server = await start({ app: 'server-cluster', sections: { work: { delay_ms: 0 }, cluster: { workers: 2 } } });
    const before = workerPids(server);
    for (const pid of before) process.kill(pid, 'SIGKILL');
    await waitForEvents(server.logFile, 'WORKER_START', 4, 15_000);
    const c = await open(server);
    c.write('abc\n');
    expect(await c.waitLines(1)).toEqual([`cba. ${SIGNATURE}`]);
    const starts = events(readLog(server.logFile), 'WORKER_START');
    expect(new Set(starts.map((r) => r.fields.port))).toEqual(new Set([String(server.port)]));
  });

  it('should not let a spinning worker outlive its SIGKILLed primary beyond the grace time', async () => {
    const server = await start({
      app: 'server-cluster',
      sections: { work: { delay_ms: 25_000, mode: 'spin' }, cluster: { workers: 1 }, shutdown: { grace_ms: 1000 } },
    });
    const [worker] = workerPids(server);
    orphans.push(worker);
    const c = await open(server);
    c.write('abc\n');
    // The spin starts in the loop turn that reads the line, before the log's
    // end-of-turn flush: MESSAGE_RECEIVED reaches the file only after the spin.
    await waitForEvents(server.logFile, 'CLIENT_CONNECTED');
    await sleep(500);
    const started = performance.now();
    await server.proc.stop('SIGKILL');
    await waitFor(
      () => gone(worker) || undefined,
      10_000,
      () => `worker ${worker} still alive`,
    );
    const took = performance.now() - started;
    expect(took).toBeLessThan(10_000); // grace 1 s (+ a loaded machine), far from the 25 s spin
    expect(await portFree(server.port)).toBe(true);
    const log = readLog(server.logFile);
    expect(events(log, 'CLIENT_DISCONNECTED').map((r) => r.fields.reason)).toEqual(['server-shutdown']);
  });

  it('should let a worker finish the replies in progress when its primary is SIGKILLed in sleep mode', async () => {
    const server = await start({
      app: 'server-cluster',
      sections: { work: { delay_ms: 1500 }, cluster: { workers: 1 }, shutdown: { grace_ms: 5000 } },
    });
    const [worker] = workerPids(server);
    orphans.push(worker);
    const c = await inProgress(server);
    await server.proc.stop('SIGKILL');
    expect(await c.waitLines(1)).toEqual([`cba. ${SIGNATURE}`]);
    await waitFor(
      () => gone(worker) || undefined,
      10_000,
      () => `worker ${worker} still alive`,
    );
    // A client that comes after the primary died is not accepted and left hanging.
    expect(await portFree(server.port)).toBe(true);
    const log = readLog(server.logFile);
    expect(events(log, 'MESSAGE_SENT')).toHaveLength(1);
    expect(events(log, 'CLIENT_DISCONNECTED')).toHaveLength(1);
  });
});
