import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { events, readLog, runApp, tempDir, waitFor, type AppProcess } from './helpers.js';

/** Alive and not a zombie waiting for a parent that is gone. */
function alive(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

/** Every log file the lab's children wrote under the report directory. */
function logFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.log'))
    .map((f) => join(dir, f));
}

/** The pid of every process that wrote a line to these logs, cluster workers included. */
function pidsIn(files: string[]): number[] {
  const pids = new Set<number>();
  for (const file of files)
    for (const r of readLog(file, true)) {
      pids.add(r.pid);
      if (r.fields.worker_pid) pids.add(Number(r.fields.worker_pid));
    }
  return [...pids];
}

/** Starts the lab; resolves once its first server's client 1 has sent its line (a run in the middle). */
async function labInTheMiddle(servers: string, extra: string[] = []): Promise<{ lab: AppProcess; dir: string; out: string }> {
  const out = tempDir('mirror-lab-stop-');
  const lab = runApp('lab', [
    ...['--servers', servers, '--clients', '3', '--delay', '4000', '--workers', '2', '--threads', '2'],
    ...['--stagger', '100', '--send-after', '200', '--linger', '0', '--out', out, ...extra],
  ]);
  const dir = await waitFor(
    () => /Отчёт: (.+)\n/.exec(lab.stdout)?.[1],
    30_000,
    () => `no report directory: ${lab.stdout} ${lab.stderr}`,
    lab,
  );
  const first = servers.split(',')[0];
  await waitFor(
    () => {
      const log = join(dir, `server-${first}`, 'logs', 'client-1.log');
      return existsSync(log) && events(readLog(log, true), 'SENT').length > 0;
    },
    60_000,
    () => `client 1 did not send: ${lab.stdout} ${lab.stderr}`,
    lab,
  );
  return { lab, dir, out };
}

/** Every child ended; every server log ends with SERVER_STOP, every client log with DISCONNECTED. */
async function expectEveryChildStoppedGracefully(dir: string): Promise<void> {
  const files = logFiles(dir);
  const pids = pidsIn(files);
  expect(pids.length).toBeGreaterThanOrEqual(3);
  await waitFor(
    () => pids.every((pid) => !alive(pid)),
    30_000,
    () => `still alive: ${pids.filter(alive).join(' ')}`,
  );
  const servers = files.filter((f) => /server-\w+\.log$/.test(f));
  const clients = files.filter((f) => /client-\d+\.log$/.test(f));
  expect(servers.length).toBeGreaterThanOrEqual(1);
  expect(clients.length).toBeGreaterThanOrEqual(1);
  for (const file of servers) expect(events(readLog(file), 'SERVER_STOP')).toHaveLength(1);
  for (const file of clients) expect(readLog(file).at(-1)?.event).toBe('DISCONNECTED');
}

/**
 * Issue 29, item 2: the lab's children end when the lab ends, however it ends.
 * The signals go to the lab's own pid, as an IDE's stop button or `kill PID`
 * sends them, not to its process group.
 */
describe('lab demo: its children end when it ends', () => {
  const labs: AppProcess[] = [];
  afterEach(async () => {
    for (const lab of labs.splice(0)) await lab.stop('SIGKILL');
  });

  it.each(['SIGTERM', 'SIGINT', 'SIGHUP'] as const)(
    'should stop every child gracefully on %s and write a report that says it is partial',
    async (signal) => {
      const { lab, dir } = await labInTheMiddle('sync,threads');
      labs.push(lab);
      lab.child.kill(signal);
      const exit = await lab.exited;
      expect(exit.code).toBe({ SIGTERM: 143, SIGINT: 130, SIGHUP: 129 }[signal]);
      await expectEveryChildStoppedGracefully(dir);
      // The second server's run never started.
      expect(existsSync(join(dir, 'server-threads', 'logs', 'client-1.log'))).toBe(false);
      const md = readFileSync(join(dir, 'report.md'), 'utf8');
      expect(md).toContain(`Отчёт частичный: прогон прерван (${signal})`);
      expect(readFileSync(join(dir, 'report.html'), 'utf8')).toContain('Отчёт частичный');
      // Client 1 was interrupted while it waited: its log says so, and the report has it.
      const client1 = readLog(join(dir, 'server-sync', 'logs', 'client-1.log'));
      expect(client1.at(-1)?.fields.reason).toBe('interrupted');
      expect(md).toContain('client-1.log');
    },
  );

  it('should leave no child behind when the lab is killed by SIGKILL: each stops by itself when its stdin ends', async () => {
    const { lab, dir } = await labInTheMiddle('cluster,sync');
    labs.push(lab);
    lab.child.kill('SIGKILL');
    await lab.exited;
    await expectEveryChildStoppedGracefully(dir);
    const server = readLog(join(dir, 'server-cluster', 'logs', 'server-cluster.log'));
    expect(server.at(-1)?.fields.signal).toBe('stdin');
    expect(events(server, 'WORKER_EXIT').map((r) => r.fields.code)).toEqual(['0', '0']);
  });
});

describe('lab demo: a client that cannot start', () => {
  it('should say on the console and in the report that no Python was found, and claim nothing about languages', async () => {
    const out = tempDir('mirror-lab-nopython-');
    const lab = runApp(
      'lab',
      ['--client', 'python', '--servers', 'sync', '--clients', '2', '--delay', '100', '--out', out],
      undefined,
      // No Python anywhere on this PATH; node itself is started by its full path.
      { PATH: tempDir('mirror-lab-empty-path-') },
    );
    const exit = await lab.exited;
    expect(exit.code).toBe(1);
    expect(exit.stdout).toMatch(
      /Python 3\.8 или новее не найден \(пробовал: python3 — ENOENT, python — ENOENT, py -3 — ENOENT\)/,
    );
    const dir = /Отчёт: (.+)\n/.exec(exit.stdout)![1];
    const md = readFileSync(join(dir, 'report.md'), 'utf8');
    expect(md).toContain('server-sync: 2 клиента не запустились. Причина: Python 3.8 или новее не найден');
    expect(md).not.toContain('на разных языках');
    expect(md).not.toContain('Python клиента');
  });

  it('should say on the console and in the report that a client ended without a line in its log, quoting what it said', async () => {
    // A "python3" that answers the version probe and then fails at once, as a broken install does.
    const bin = tempDir('mirror-lab-bad-python-');
    writeFileSync(
      join(bin, 'python3'),
      '#!/bin/sh\nif [ "$1" = "-c" ]; then echo 3.11.0; exit 0; fi\necho "ImportError: broken install" >&2\nexit 1\n',
      { mode: 0o755 },
    );
    const out = tempDir('mirror-lab-bad-python-out-');
    const exit = await runApp(
      'lab',
      ['--client', 'python', '--servers', 'sync', '--clients', '2', '--delay', '100', '--out', out],
      undefined,
      { PATH: `${bin}:/usr/bin:/bin` },
    ).exited;
    expect(exit.code).toBe(1);
    expect(exit.stdout).toContain('клиент 1 завершился (код 1), не записав ни строки в лог: ImportError: broken install');
    const dir = /Отчёт: (.+)\n/.exec(exit.stdout)![1];
    const md = readFileSync(join(dir, 'report.md'), 'utf8');
    expect(md).toContain('server-sync: клиент 2 завершился (код 1), не записав ни строки в лог: ImportError: broken install');
    expect(md).not.toContain('на разных языках');
  });

  it('should name the Python it ran the client with, and the session the server ended, in the report', async () => {
    const out = tempDir('mirror-lab-python-');
    const exit = await runApp('lab', [
      '--client',
      'python',
      '--servers',
      'sync',
      '--clients',
      '1',
      '--delay',
      '100',
      '--out',
      out,
    ]).exited;
    expect(exit.code).toBe(0);
    expect(exit.stdout).toMatch(/^Python: python3 \(3\.\d+\.\d+\)$/m);
    const dir = /Отчёт: (.+)\n/.exec(exit.stdout)![1];
    const md = readFileSync(join(dir, 'report.md'), 'utf8');
    // The row's label says Python; its value is the command and the version, not "Python: …" again.
    expect(md).toMatch(/\| Python клиента \| python3 \(3\.\d+\.\d+\) \|/);
    // One client is the last one: send-after 1 s + delay 0.1 s + linger 0.5 s + 3 s; it stays 4.6 - 0.1 + 1 s.
    expect(md).toContain('server-sync: session.max_ms = 4600 мс, последний клиент остаётся после ответа 5500 мс');
    const server = readLog(join(dir, 'server-sync', 'logs', 'server-sync.log'));
    expect(events(server, 'CLIENT_DISCONNECTED').map((r) => r.fields.reason)).toEqual(['session-timeout']);
  });
});

const LIBFAKETIME = '/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1';

describe('lab demo: a wall clock stepped back mid-run (libfaketime)', () => {
  it('should print its progress on a clock that does not step: no negative time', async () => {
    expect(existsSync(LIBFAKETIME)).toBe(true);
    const clock = join(tempDir('mirror-lab-clock-'), 'faketime');
    writeFileSync(clock, '+0\n');
    const lab = runApp(
      'lab',
      [
        ...['--servers', 'sync', '--clients', '2', '--delay', '1500', '--stagger', '100', '--send-after', '200'],
        ...['--linger', '0', '--out', tempDir('mirror-lab-clock-out-')],
      ],
      undefined,
      {
        // Only the wall clock moves (CLOCK_REALTIME), read from the file at every call.
        LD_PRELOAD: LIBFAKETIME,
        FAKETIME_TIMESTAMP_FILE: clock,
        FAKETIME_NO_CACHE: '1',
        FAKETIME_DONT_FAKE_MONOTONIC: '1',
        MIRROR_LAB_LANG: 'en',
      },
    );
    await waitFor(
      () => lab.stdout.includes('2 clients started'),
      60_000,
      () => `no clients started: ${lab.stdout} ${lab.stderr}`,
      lab,
    );
    // An hour back, as the NTP step: the old progress printed "finished at -3596.1 s".
    writeFileSync(clock, '-3600\n');
    const exit = await lab.exited;
    const times = [...exit.stdout.matchAll(/client \d finished \(exit \d+\) at (-?[\d.]+) s/g)].map((m) => Number(m[1]));
    expect(times).toHaveLength(2);
    for (const s of times) expect(s >= 0 && s < 120).toBe(true);
  });
});
