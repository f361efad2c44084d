import { execFile } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { events, readLog, ROOT, tempDir, waitFor, type AppProcess } from './helpers.js';
import { firewalldPorts, HostFirewall, NetRig, type NetHost } from './netns.js';
import type { LogRecord } from '../libs/common/src/log/log-line.js';

/**
 * Task 4 as a class does it (docs/network.md, "Task 4 with your class"): one
 * server host runs the class session, five client hosts, three with the
 * TypeScript client and two with the Python one, run the command the session
 * printed and send their logs to the board; one of them has a clock 7 s ahead
 * (libfaketime). Each host is a network namespace of test/netns.ts; the server
 * host's firewall lets in only the round's port and the board's.
 */

const PORT = 12345;
const BOARD_PORT = 8080;
/** The rounds' simulated work: server-sync keeps four clients waiting behind the first. */
const DELAY = 1500;
const SKEW_S = 7;
const run = promisify(execFile);

interface Student {
  host: string;
  octet: number;
  client: 'ts' | 'python';
  name: string;
  /** libfaketime's offset for this host's clock. */
  faketime?: string;
}

const STUDENTS: Student[] = [
  { host: 'pc1', octet: 21, client: 'ts', name: 'Ivanov Ivan IVT-1' },
  { host: 'pc2', octet: 22, client: 'python', name: 'Petrova Anna IVT-1' },
  { host: 'pc3', octet: 23, client: 'ts', name: 'Sidorov Oleg IVT-1', faketime: `+${SKEW_S}s` },
  { host: 'pc4', octet: 24, client: 'python', name: 'Kim Yuri IVT-1' },
  { host: 'pc5', octet: 25, client: 'ts', name: 'Lee Mina IVT-1' },
];
const SKEWED = STUDENTS.find((s) => s.faketime)!;

const at = (record: LogRecord) => Date.parse(record.time);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The cells of the Markdown table rows of report.md that start with `first`. */
function tableRows(markdown: string, first: RegExp): string[][] {
  return markdown
    .split('\n')
    .filter((line) => line.startsWith('|'))
    .map((line) =>
      line
        .slice(1, -1)
        .split('|')
        .map((cell) => cell.trim()),
    )
    .filter((cells) => first.test(cells[0]));
}

/** "+7.01 s" or "−0.00 s" (a true minus sign) as milliseconds. */
function signedMs(cell: string): number {
  // An offset that rounds to zero is shown without a sign ("0.00 s").
  const m = /^([+−-]?)(\d+\.\d+) s$/.exec(cell);
  if (!m) throw new Error(`not an offset: ${cell}`);
  return (m[1] === '+' ? 1 : -1) * Number(m[2]) * 1000;
}

describe('task 4 with a class: the class session across six hosts', () => {
  let rig: NetRig;
  let server: NetHost;
  let cls: AppProcess;
  const dir = tempDir('mirror-lab-class-net-');
  let session = '';
  let code = '';
  let key = '';
  /** The flags of the student's command as the session printed it. */
  let flags: string[] = [];
  const clientLog = (s: Student) => join(dir, `${s.host}.log`);

  /** A request to the board from inside a host (the test itself is outside the rig). */
  async function boardRequest(host: NetHost, path: string, headers: Record<string, string> = {}): Promise<number> {
    const script =
      `fetch(${JSON.stringify(`http://${host === server ? '127.0.0.1' : server.address}:${BOARD_PORT}${path}`)},` +
      ` { method: 'POST', headers: ${JSON.stringify(headers)} }).then((r) => console.log(r.status), (e) => console.log(e.message))`;
    const { stdout } = await run('ip', ['netns', 'exec', host.ns, process.execPath, '-e', script]);
    return Number(stdout.trim());
  }

  /** Every student runs the printed command on their host, a fifth of a second apart, as a class would. */
  async function roundOfStudents(round: number): Promise<void> {
    const procs: AppProcess[] = [];
    for (const s of STUDENTS) {
      const config = join(dir, `${s.host}.ini`);
      writeFileSync(
        config,
        // Two requests: a client queued in server-sync sends its first while unread, and only the
        // second, read at once, gives its machine's clock offset to the millisecond.
        `[client]\nmessage = ${s.name}\nsend_after_ms = 300\nmessages = 2\ninterval_ms = 0\nlinger_ms = 200\n[log]\nfile = ${clientLog(s)}\n`,
      );
      const argv =
        s.client === 'ts'
          ? [process.execPath, join(ROOT, 'dist/apps/client/main.js'), ...flags, '--config', config]
          : ['python3', join(ROOT, 'clients/python/client.py'), ...flags, '--config', config];
      procs.push(
        rig.spawn(rig.host(s.host), s.faketime ? ['faketime', '-f', s.faketime, ...argv] : argv, { MIRROR_LAB_LANG: 'en' }),
      );
      await sleep(200);
    }
    const exits = await Promise.all(procs.map((p) => p.exited));
    for (const [i, exit] of exits.entries()) {
      // Every session succeeded and every log reached the board, which said so.
      expect({ round, host: STUDENTS[i].host, code: exit.code, said: /took the log: /.test(exit.stdout) }).toEqual({
        round,
        host: STUDENTS[i].host,
        code: 0,
        said: true,
      });
    }
  }

  beforeAll(async () => {
    rig = new NetRig({ server: 10, ...Object.fromEntries(STUDENTS.map((s) => [s.host, s.octet])) });
    server = rig.host('server');
    // firewalld's default zone on the server machine: nothing in but what is opened.
    const firewall = new HostFirewall(rig, server);
    firewall.closeAll('drop');
    firewall.open(PORT);
    firewall.open(BOARD_PORT);
    cls = rig.spawn(
      server,
      [
        process.execPath,
        join(ROOT, 'dist/apps/class/main.js'),
        '--port',
        String(PORT),
        '--board-port',
        String(BOARD_PORT),
        '--rounds',
        'sync,threads',
        '--delay',
        String(DELAY),
        '--out',
        dir,
        '--lang',
        'en',
      ],
      { MIRROR_LAB_LANG: '' },
    );
    await waitFor(
      () => /Round 1 of 2: server-sync listens/.test(cls.stdout),
      30_000,
      () => `the class session did not start its first round:\n${cls.stdout}\n${cls.stderr}`,
      cls,
    );
    const match = (re: RegExp) => {
      const m = re.exec(cls.stdout);
      if (!m) throw new Error(`${re} not on the console:\n${cls.stdout}`);
      return m[1];
    };
    session = match(/Session folder: (.*)/);
    code = match(/Session code \(tell it to the class\): (\w+)/);
    key = match(/show it to nobody\): ([0-9a-f]+)/);
    flags = match(/node dist\/apps\/client\/main\.js (.*)/)
      .trim()
      .split(/\s+/);
  }, 60_000);

  afterAll(() => rig?.destroy());

  it('should print the command with the server host address, both ports and the session code', () => {
    expect(flags).toEqual([
      '--host',
      server.address,
      '--port',
      String(PORT),
      '--board',
      `http://${server.address}:${BOARD_PORT}`,
      '--code',
      code,
    ]);
    expect(cls.stdout).toContain(`python3 clients/python/client.py ${flags.join(' ')}`);
  });

  it("should open the class session's two default ports with firewalld's mirror-lab-class service", async () => {
    const open = await firewalldPorts(join(ROOT, 'deploy', 'firewalld', 'mirror-lab-class.xml'));
    expect(open).toEqual(expect.arrayContaining([PORT, BOARD_PORT]));
  });

  it('should collect every log of two rounds on the board and write one report on the server clock', async () => {
    await roundOfStudents(1);

    // Next round from the board's own machine; a student's machine without the key may not.
    expect(await boardRequest(rig.host('pc1'), '/api/next')).toBe(403);
    expect(await boardRequest(server, '/api/next')).toBe(202);
    await waitFor(
      () => /Round 2 of 2: server-threads listens/.test(cls.stdout),
      30_000,
      () => `round 2 did not start:\n${cls.stdout}\n${cls.stderr}`,
      cls,
    );
    await roundOfStudents(2);

    // The end, from a student's machine with the owner's key: the session writes its report and exits.
    expect(await boardRequest(rig.host('pc2'), '/api/end', { 'X-Owner-Key': key })).toBe(202);
    const exit = await cls.exited;
    expect({ code: exit.code, written: /Report written: /.test(exit.stdout) }).toEqual({ code: 0, written: true });

    const report = readFileSync(join(session, 'report.md'), 'utf8');

    // The assignment's condition, per round, from the server's log.
    expect(report).toMatch(/Round 1 \(server-sync\): met — while \S+ waited for its reply, [1-4] more connected/);
    expect(report).toMatch(/Round 2 \(server-threads\): met — while \S+ waited for its reply, [1-4] more connected/);

    // Ten logs, two from each host, every one matched to the server's connections.
    const clocks = tableRows(report, /^uploads\/\d+-(ts|python)\.log$/);
    expect(clocks).toHaveLength(2 * STUDENTS.length);
    for (const s of STUDENTS) {
      const rows = clocks.filter((c) => c[1] === `${rig.host(s.host).address}`);
      expect({ host: s.host, logs: rows.length, matched: rows.map((r) => r[2]) }).toEqual({
        host: s.host,
        logs: 2,
        matched: ['1/1', '1/1'],
      });
      for (const row of rows) {
        // server = client + offset: the host 7 s ahead is at −7 s within 0.1 s, the others (one
        // kernel's clock) at 0 within 0.1 s, each with a bound under 0.1 s.
        const offset = signedMs(row[3]);
        const bound = Number(/^± (\d+\.\d+) s$/.exec(row[4])?.[1]) * 1000;
        const expected = s.faketime ? -SKEW_S * 1000 : 0;
        expect({ host: s.host, offset, near: Math.abs(offset - expected) <= 100, tight: bound < 100 }).toEqual({
          host: s.host,
          offset,
          near: true,
          tight: true,
        });
      }
    }
    expect(report).toMatch(
      new RegExp(`The clock of ${rig.host(SKEWED.host).address.replace(/\./g, '\\.')} is [67]\\.\\d\\d s off`),
    );

    // Every client's log and both servers' logs, whole, in the report.
    const roundDirs = readdirSync(session, { withFileTypes: true })
      .filter((e) => e.isDirectory() && e.name !== 'uploads')
      .map((e) => join(session, e.name));
    const serverLogs = roundDirs.map((d) => join(d, 'server.log'));
    expect(serverLogs).toHaveLength(2);
    for (const file of [...serverLogs, ...STUDENTS.map(clientLog)]) {
      const missing = readFileSync(file, 'utf8')
        .split('\n')
        .filter((line) => line !== '' && !report.includes(line));
      expect({ file, missing }).toEqual({ file, missing: [] });
    }

    // The skewed host's events in the right order once on the server's clock (and not before).
    const skewedRows = clocks.filter((c) => c[1] === rig.host(SKEWED.host).address);
    const theta = signedMs(skewedRows[0][3]);
    const mine = readLog(clientLog(SKEWED));
    const local = events(mine, 'CONNECTED')[0].fields.local;
    const served = readLog(serverLogs.find((f) => readFileSync(f, 'utf8').includes(`peer=${local}`))!).filter(
      (r) => r.fields.peer === local,
    );
    const t1 = at(events(mine, 'SENT')[0]);
    const t4 = at(events(mine, 'RECEIVED')[0]);
    const t2 = at(events(served, 'MESSAGE_RECEIVED')[0]);
    const t3 = at(events(served, 'MESSAGE_SENT')[0]);
    // On its own clock the reply came 7 s after the server sent it; on the server's clock
    // (server = client + θ) it connected when the server saw it, sent before the server read,
    // and got the reply after the server sent it.
    expect(t4 - t3).toBeGreaterThan(SKEW_S * 1000 - 1000);
    expect(Math.abs(at(events(mine, 'CONNECTED')[0]) + theta - at(served[0]))).toBeLessThanOrEqual(100);
    expect(t1 + theta).toBeLessThanOrEqual(t2 + 5);
    expect(t3).toBeLessThanOrEqual(t4 + theta + 5);
  }, 120_000);
});
