import { readFileSync } from 'node:fs';
import { join } from 'node:path';
// By path: see helpers.ts on why not through @app/common.
import { CONTROL_ENV, requestStop } from '../libs/common/src/cli/stop-control.js';
import {
  events,
  gone,
  readLog,
  runApp,
  serverSuite,
  servingSections,
  SIGNATURE,
  tempDir,
  waitForEvents,
  workerPids,
  writeIni,
} from './helpers.js';

const CONTROL = { [CONTROL_ENV]: 'stdin' };

/** The environment a running process was started with (Linux). */
const environOf = (pid: number): string[] => readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');

const SERVERS = ['server-sync', 'server-cluster', 'server-threads'] as const;
const sectionsFor = (app: (typeof SERVERS)[number]) => ({
  work: { delay_ms: 800 },
  shutdown: { grace_ms: 10_000 },
  ...servingSections(app, 2),
});

/**
 * MIRROR_LAB_CONTROL=stdin: the stop the lab and the class session use on
 * every OS, with no POSIX signal (docs/servers.md, "Stopping from stdin").
 */
describe('stop through stdin (MIRROR_LAB_CONTROL=stdin)', () => {
  const { start, open, inProgress, orphans } = serverSuite();

  it.each(SERVERS.flatMap((app) => [[app, 'a stop line'] as const, [app, 'the end of stdin'] as const]))(
    'should drain, reply, log SERVER_STOP signal=stdin and exit 0 on %s after %s',
    async (app, how) => {
      const server = await start({ app, env: CONTROL, sections: sectionsFor(app) });
      const workers = workerPids(server);
      orphans.push(...workers);
      const c = await inProgress(server);
      const stdin = server.proc.child.stdin!;
      // The end of stdin without a word is what a parent killed by SIGKILL leaves.
      if (how === 'a stop line') expect(requestStop(server.proc.child)).toBe(true);
      else stdin.destroy();
      // The request in progress still gets its reply (a graceful stop, not a kill).
      expect(await c.waitLines(1)).toEqual([`cba. ${SIGNATURE}`]);
      const exit = await server.proc.exited;
      expect(exit.code).toBe(0);
      const log = readLog(server.logFile);
      expect(log.at(-1)?.event).toBe('SERVER_STOP');
      expect(log.at(-1)?.fields.signal).toBe('stdin');
      expect(log.at(-1)?.fields.forced).toBeUndefined();
      for (const pid of workers) expect(gone(pid)).toBe(true);
    },
  );

  it('should not pass the variable to the workers of server-cluster, and stop them all with one stop', async () => {
    const server = await start({ app: 'server-cluster', env: CONTROL, sections: sectionsFor('server-cluster') });
    const workers = workerPids(server);
    orphans.push(...workers);
    expect(workers).toHaveLength(2);
    for (const pid of workers) expect(environOf(pid).filter((v) => v.startsWith(`${CONTROL_ENV}=`))).toEqual([]);
    requestStop(server.proc.child);
    expect((await server.proc.exited).code).toBe(0);
    const log = readLog(server.logFile);
    expect(events(log, 'SERVER_STOP')).toHaveLength(1);
    expect(events(log, 'WORKER_EXIT').map((r) => r.fields.code)).toEqual(['0', '0']);
  });

  it('should drain once, not forced, when a signal and a stop line come together', async () => {
    const server = await start({ env: CONTROL, sections: sectionsFor('server-sync') });
    const c = await inProgress(server);
    // Ctrl-C reaches the whole process group, then the lab asks each child to
    // stop; the child may read either first, and neither may force the other.
    server.proc.child.kill('SIGINT');
    requestStop(server.proc.child);
    expect(await c.waitLines(1)).toEqual([`cba. ${SIGNATURE}`]);
    expect((await server.proc.exited).code).toBe(0);
    const stop = readLog(server.logFile).at(-1);
    expect(['SIGINT', 'stdin']).toContain(stop?.fields.signal);
    expect(stop?.fields.forced).toBeUndefined();
  });

  it('should not stop on the end of stdin when the variable is not set', async () => {
    const server = await start({ sections: { work: { delay_ms: 0 } } });
    // runApp gives stdin 'ignore' (/dev/null: its end at once) without the variable: nothing may come of it.
    const c = await open(server);
    c.write('abc\n');
    expect(await c.waitLines(1)).toEqual([`cba. ${SIGNATURE}`]);
    expect(server.proc.child.exitCode).toBeNull();
  });

  it.each(['a stop line', 'the end of stdin'] as const)(
    'should end the TypeScript client with DISCONNECTED reason=interrupted and exit 130 after %s',
    async (how) => {
      const server = await start({ sections: { work: { delay_ms: 30_000 } } });
      const dir = tempDir();
      const logFile = join(dir, 'client.log');
      const config = writeIni(join(dir, 'client.ini'), {
        server: { host: '127.0.0.1', port: server.port },
        client: { send_after_ms: 0, reply_timeout_ms: 60_000 },
        log: { file: logFile },
      });
      const client = runApp('client', ['--config', config], undefined, CONTROL);
      await waitForEvents(logFile, 'SENT');
      if (how === 'a stop line') requestStop(client.child);
      else client.child.stdin!.destroy();
      const exit = await client.exited;
      expect(exit.code).toBe(130);
      expect(readLog(logFile).map((r) => r.event)).toEqual(['CONNECTED', 'SENT', 'DISCONNECTED']);
      expect(readLog(logFile).at(-1)?.fields.reason).toBe('interrupted');
    },
  );
});
